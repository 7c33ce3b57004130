package cn.huanxin.ledger.api.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The API renders every time at the Asia/Shanghai offset, {@code +08:00}, as docs/api.md asks. */
public final class Times {

    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneOffset OFFSET = ZoneOffset.ofHours(8);

    private Times() {
    }

    public static String render(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(OFFSET));
    }
}
