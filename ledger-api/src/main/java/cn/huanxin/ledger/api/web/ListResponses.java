package cn.huanxin.ledger.api.web;

import cn.huanxin.ledger.api.web.Times;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Answers a page of rows as {@code { "items": [...], "nextCursor": … }}, or — when the client
 * accepts {@code text/csv} — as CSV with the same rows: UTF-8 with a byte-order mark so that Excel
 * opens Chinese text correctly, one header line of the row's field names, and the next cursor in
 * the {@code X-Next-Cursor} header.
 */
public final class ListResponses {

    public static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    public static final String NEXT_CURSOR_HEADER = "X-Next-Cursor";
    private static final String BOM = "\uFEFF";
    /** Value types of the core (Money, ids, pseudonyms) render as their string form, as in stored events. */
    private static final String CORE_VALUES = "cn.huanxin.ledger.core.common";

    private ListResponses() {
    }

    public static boolean wantsCsv(String accept) {
        if (accept == null) {
            return false;
        }
        List<MediaType> types = MediaType.parseMediaTypes(accept);
        MediaType.sortBySpecificityAndQuality(types);
        for (MediaType type : types) {
            if (type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType()) {
                return false;
            }
            if (type.getType().equals("text") && type.getSubtype().equals("csv")) {
                return true;
            }
        }
        return false;
    }

    public static <R extends Record> ResponseEntity<?> page(List<R> rows, Class<R> rowType, String nextKey, String accept) {
        String cursor = QueryParameters.cursor(nextKey);
        if (wantsCsv(accept)) {
            ResponseEntity.BodyBuilder answer = ResponseEntity.ok().contentType(CSV);
            if (cursor != null) {
                answer.header(NEXT_CURSOR_HEADER, cursor);
            }
            return answer.header(HttpHeaders.CONTENT_DISPOSITION, "inline")
                    .body(csv(rows, rowType).getBytes(StandardCharsets.UTF_8));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", rows.stream().map(ListResponses::json).toList());
        body.put("nextCursor", cursor);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** A row as the API renders it: money as its two-decimal string, times at +08:00. */
    public static Map<String, Object> json(Record row) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (RecordComponent component : row.getClass().getRecordComponents()) {
            json.put(component.getName(), render(value(row, component)));
        }
        return json;
    }

    public static Object render(Object value) {
        if (value instanceof Instant instant) {
            return Times.render(instant);
        }
        if (value instanceof Record record && !record.getClass().getPackageName().equals(CORE_VALUES)) {
            return json(record);
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(ListResponses::render).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> rendered = new LinkedHashMap<>();
            map.forEach((key, item) -> rendered.put(String.valueOf(key), render(item)));
            return rendered;
        }
        if (value instanceof Enum<?> || value instanceof CharSequence || value instanceof Number
                || value instanceof Boolean || value == null) {
            return value instanceof java.math.BigDecimal decimal ? decimal.toPlainString() : value;
        }
        return value.toString();
    }

    /**
     * One column per record component; a component that is itself a record (an alert's subject)
     * becomes one column per inner component, named {@code subject.kind}, {@code subject.ref}, so that
     * a spreadsheet shows values, not Java's text of a record.
     */
    private static <R extends Record> String csv(List<R> rows, Class<R> rowType) {
        List<Column> columns = columns(rowType, "", List.of());
        StringBuilder out = new StringBuilder(BOM);
        out.append(columns.stream().map(Column::name).collect(Collectors.joining(","))).append("\r\n");
        for (R row : rows) {
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(cell(render(columns.get(i).read(row))));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    /** A CSV column: its name and the accessors that lead from a row to its value. */
    private record Column(String name, List<RecordComponent> path) {
        Object read(Record row) {
            Object value = row;
            for (RecordComponent component : path) {
                if (value == null) {
                    return null;
                }
                value = value((Record) value, component);
            }
            return value;
        }
    }

    private static List<Column> columns(Class<?> type, String prefix, List<RecordComponent> path) {
        List<Column> columns = new java.util.ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            List<RecordComponent> next = new java.util.ArrayList<>(path);
            next.add(component);
            // Flatten the rows' own nested records (an alert's or a read's subject), not value types
            // such as Money, which render() writes as one decimal string.
            if (component.getType().isRecord() && component.getType().getEnclosingClass() == type) {
                columns.addAll(columns(component.getType(), prefix + component.getName() + ".", next));
            } else {
                columns.add(new Column(prefix + component.getName(), List.copyOf(next)));
            }
        }
        return columns;
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof Collection<?> c
                ? c.stream().map(String::valueOf).collect(Collectors.joining(";")) : value.toString();
        // A leading =, +, - or @ would make a spreadsheet evaluate the cell; quote such text.
        boolean formulaLike = !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !(value instanceof Number)
                && !text.matches("-?[0-9]+(\\.[0-9]+)?");
        if (formulaLike) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    private static Object value(Record row, RecordComponent component) {
        try {
            return component.getAccessor().invoke(row);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName(), e);
        }
    }
}
