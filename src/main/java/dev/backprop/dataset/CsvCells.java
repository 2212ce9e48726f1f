package dev.backprop.dataset;

/**
 * Text cells of the CSV the service writes, made safe for spreadsheets as OWASP recommends for CSV
 * injection: a cell a spreadsheet would run as a formula (one starting with {@code = + - @}, a tab or
 * a carriage return) gets a leading apostrophe. A cell that starts with an apostrophe followed by one
 * of those, or by another apostrophe, gets one too, so the escape can be undone exactly: the upload
 * reads {@code '=1+2} as {@code =1+2}. Numbers ({@code -1.5}) are left alone.
 */
final class CsvCells {

    private CsvCells() {
    }

    static String escape(String cell) {
        // what the upload reads as a number stays one
        return needsMark(cell, 0) && Double.isNaN(CsvDatasetReader.parseOrNaN(cell)) ? "'" + cell : cell;
    }

    static String unescape(String cell) {
        return cell.length() > 1 && cell.charAt(0) == '\'' && needsMark(cell, 1) ? cell.substring(1) : cell;
    }

    private static boolean needsMark(String cell, int at) {
        if (cell.length() <= at) {
            return false;
        }
        char first = cell.charAt(at);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                || first == '\'' && cell.length() > at + 1 && needsMark(cell, at + 1);
    }
}
