package org.accessctl.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of a CSV file (RFC 4180: comma separated, fields in double quotes may hold commas, quotes
 * doubled and line breaks) with a header row naming the columns, as a helpdesk exports them.
 */
final class CsvRows {

    private CsvRows() {
    }

    /** Each data row as column name to value; blank lines are skipped. */
    static List<Map<String, String>> parse(String text) throws UsageException {
        List<List<String>> rows = records(text.startsWith("\uFEFF") ? text.substring(1) : text);
        if (rows.isEmpty()) {
            throw new UsageException("the CSV file has no header row");
        }
        List<String> header = rows.get(0).stream().map(String::strip).toList();
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            if (row.size() == 1 && row.get(0).isBlank()) {
                continue;
            }
            if (row.size() != header.size()) {
                throw new UsageException("CSV row " + (i + 1) + " has " + row.size() + " fields; the header has "
                        + header.size());
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                values.put(header.get(c), row.get(c));
            }
            out.add(values);
        }
        return out;
    }

    private static List<List<String>> records(String text) throws UsageException {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            any = true;
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"' && field.length() == 0) {
                quoted = true;
            } else if (ch == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (ch == '\r' || ch == '\n') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                any = false;
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            throw new UsageException("the CSV file ends inside a quoted field");
        }
        if (any) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
