package dev.backprop.model;

import dev.backprop.dataset.DatasetColumns;
import dev.backprop.dataset.RowBlock;
import dev.backprop.engine.Matrix;
import dev.backprop.engine.Standardizer;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainedModel;
import dev.backprop.system.InvalidRequestException;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A model's pictures, drawn by XChart: its confusion matrix and its decision boundary over two features. */
final class ModelCharts {

    /** Grid points per axis of a decision boundary, at most. */
    static final int MAX_RESOLUTION = 300;

    /** Which figures a confusion matrix comes from. */
    enum Split {
        VALIDATION,
        TRAIN,
        EVALUATION
    }

    private ModelCharts() {
    }

    /** Rows true, columns predicted, each cell's count written in it. */
    static HeatMapChart confusion(ModelSummary model, long[][] confusion, String source, int width, int height) {
        List<String> labels = model.labels();
        HeatMapChart chart = new HeatMapChartBuilder().width(width).height(height)
                .title(model.name() + " v" + model.version() + ": confusion matrix (" + source + ")")
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setRangeColors(new Color[] {new Color(0xf7fbff), new Color(0x6baed6), new Color(0x08306b)});
        // the first class on the top row, as a confusion matrix is read
        List<String> rows = new ArrayList<>(labels);
        java.util.Collections.reverse(rows);
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < confusion.length; t++) {
            for (int p = 0; p < confusion[t].length; p++) {
                cells.add(new Number[] {p, confusion.length - 1 - t, confusion[t][p]});
            }
        }
        chart.addSeries("rows", labels, rows, cells);
        return chart;
    }

    /**
     * The model's answer over a grid of two features, the others held at their means: one colour per
     * class (or per band of the first target's value for a regression).
     */
    static XYChart boundary(String title, TrainedModel model, String xName, String yName, int resolution,
            int width, int height, DatasetColumns columns, RowBlock points) {
        if (!model.inputs().numeric()) {
            throw new InvalidRequestException("x", "a decision boundary is drawn over number columns; the model takes"
                    + " category columns or a missing-value indicator");
        }
        int xi = model.featureNames().indexOf(xName);
        int yi = model.featureNames().indexOf(yName);
        List<String> unknown = new ArrayList<>();
        if (xi < 0) {
            unknown.add(xName);
        }
        if (yi < 0) {
            unknown.add(yName);
        }
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException(xi < 0 ? "x" : "y", "the model has no feature " + unknown + "; it has "
                    + model.featureNames());
        }
        if (xi == yi) {
            throw new InvalidRequestException("y", "must name another feature than x");
        }
        int inputs = model.network().inputs();
        Standardizer s = model.standardizer();
        double[] centre = new double[inputs];
        double[] spread = new double[inputs];
        for (int j = 0; j < inputs; j++) {
            centre[j] = s == null ? 0 : s.mean()[j];
            spread[j] = s == null ? 1 : s.std()[j];
        }
        double[] xs = axis(centre[xi], spread[xi], resolution);
        double[] ys = axis(centre[yi], spread[yi], resolution);
        double[] grid = new double[resolution * resolution * inputs];
        for (int r = 0; r < resolution * resolution; r++) {
            System.arraycopy(centre, 0, grid, r * inputs, inputs);
            grid[r * inputs + xi] = xs[r % resolution];
            grid[r * inputs + yi] = ys[r / resolution];
        }
        Matrix outputs = model.predict(new Matrix(resolution * resolution, inputs, grid));
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(title + ": " + (model.task() == Task.CLASSIFICATION
                        ? "decision boundary" : model.targetNames().getFirst()) + " over " + xName + " and " + yName)
                .xAxisTitle(xName).yAxisTitle(yName).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(Math.max(2, (int) Math.ceil(Math.max(width, height) / (double) resolution)));
        chart.getStyler().setXAxisDecimalPattern("0.##");
        chart.getStyler().setYAxisDecimalPattern("0.##");
        chart.getStyler().setXAxisMin(xs[0]).setXAxisMax(xs[resolution - 1]);
        chart.getStyler().setYAxisMin(ys[0]).setYAxisMax(ys[resolution - 1]);
        int[] group;
        List<String> names;
        if (model.task() == Task.CLASSIFICATION) {
            group = model.classes(outputs);
            names = model.labels();
        } else {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int cols = outputs.cols();
            for (int r = 0; r < outputs.rows(); r++) {
                min = Math.min(min, outputs.data()[r * cols]);
                max = Math.max(max, outputs.data()[r * cols]);
            }
            int bands = 8;
            group = new int[outputs.rows()];
            names = new ArrayList<>();
            double step = max > min ? (max - min) / bands : 1;
            for (int b = 0; b < bands; b++) {
                names.add(String.format(java.util.Locale.ROOT, "%.3g to %.3g", min + b * step, min + (b + 1) * step));
            }
            for (int r = 0; r < outputs.rows(); r++) {
                group[r] = Math.min(bands - 1, (int) ((outputs.data()[r * cols] - min) / step));
            }
        }
        for (int k = 0; k < names.size(); k++) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int r = 0; r < group.length; r++) {
                if (group[r] == k) {
                    x.add(xs[r % resolution]);
                    y.add(ys[r / resolution]);
                }
            }
            if (!x.isEmpty()) {
                XYSeries area = chart.addSeries(names.get(k), x, y);
                area.setMarker(SeriesMarkers.SQUARE);
                area.setMarkerColor(LIGHT[k % LIGHT.length]);
            }
        }
        if (points != null) {
            overlay(chart, model, columns, points, xName, yName);
        }
        return chart;
    }

    private static final Color[] LIGHT = {new Color(0x9ecae1), new Color(0xfdae6b), new Color(0xa1d99b),
        new Color(0xbcbddc), new Color(0xfc9272), new Color(0xd9d9d9), new Color(0xc7e9c0), new Color(0xfdd0a2)};
    private static final Color[] DARK = {new Color(0x08519c), new Color(0xa63603), new Color(0x006d2c),
        new Color(0x54278f), new Color(0xa50f15), new Color(0x252525), new Color(0x00441b), new Color(0x7f2704)};

    /** The dataset's points over the boundary, in the darker shade of their class's colour (black for regression). */
    private static void overlay(XYChart chart, TrainedModel model, DatasetColumns columns, RowBlock points, String xName,
            String yName) {
        int xi = columns.featureNames().indexOf(xName);
        int yi = columns.featureNames().indexOf(yName);
        if (xi < 0 || yi < 0) {
            throw new InvalidRequestException("dataset", "dataset '" + columns.name() + "' has no feature "
                    + (xi < 0 ? xName : yName) + "; it has " + columns.featureNames());
        }
        int width = columns.featureNames().size();
        boolean classes = model.task() == Task.CLASSIFICATION && columns.task() == Task.CLASSIFICATION;
        int groups = classes ? columns.labels().size() : 1;
        for (int g = 0; g < groups; g++) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int r = 0; r < points.rows(); r++) {
                if (!classes || (int) points.targets()[r] == g) {
                    x.add(points.features()[r * width + xi]);
                    y.add(points.features()[r * width + yi]);
                }
            }
            if (x.isEmpty()) {
                continue;
            }
            String label = classes ? columns.labels().get(g) : "points";
            int colour = classes ? Math.max(0, model.labels().indexOf(label)) : 5;
            XYSeries series = chart.addSeries("data: " + label, x, y);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(DARK[colour % DARK.length]);
        }
    }

    /** {@code n} evenly spaced values over the mean plus and minus three standard deviations. */
    private static double[] axis(double mean, double std, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = mean - 3 * std + 6 * std * i / (n - 1);
        }
        return values;
    }
}
