package dev.backprop.training;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A job's loss or metric curves, train and validation, drawn by XChart from its history. */
final class HistoryChart {

    /** Which curves: the loss, or the metric (accuracy for classes, R² for regression). */
    enum Curve {
        LOSS,
        METRIC
    }

    private HistoryChart() {
    }

    static XYChart of(String jobName, HistoryResponse history, Curve curve, int width, int height) {
        String what = curve == Curve.LOSS ? "loss" : "metric (accuracy or R²)";
        XYChart chart = new XYChartBuilder().width(width).height(height).title(jobName + ": " + what)
                .xAxisTitle("epoch").yAxisTitle(curve == Curve.LOSS ? "loss" : "metric").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setYAxisDecimalPattern("0.####");
        chart.getStyler().setXAxisDecimalPattern("0");
        add(chart, "train", history.points(), curve == Curve.LOSS ? EpochFigures::trainLoss : EpochFigures::trainMetric);
        add(chart, "validation", history.points(),
                curve == Curve.LOSS ? EpochFigures::validationLoss : EpochFigures::validationMetric);
        if (chart.getSeriesMap().isEmpty()) {
            // no epoch measured yet: an empty frame that says so, not an error
            chart.setTitle(jobName + ": no epochs measured yet");
            XYSeries none = chart.addSeries("none yet", new double[] {0}, new double[] {0});
            none.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static void add(XYChart chart, String name, List<EpochFigures> points, Function<EpochFigures, Double> value) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (EpochFigures p : points) {
            Double v = value.apply(p);
            if (v != null && Double.isFinite(v) && p.epoch() > 0) {
                x.add((double) p.epoch());
                y.add(v);
            }
        }
        if (!x.isEmpty()) {
            chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
        }
    }
}
