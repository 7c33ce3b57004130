package cn.huanxin.ledger.api.investigation;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The slice bounds and the region prefixes that investigations filter by. */
class InvestigationSliceAndRegionTest {

    @Test
    void aDateToIncludesItsWholeShanghaiDayAndNothingAfter() {
        TimeSlice slice = TimeSlice.of("2024-09-01", "2024-09-01");
        assertThat(slice.contains(Instant.parse("2024-08-31T16:00:00Z"))).isTrue();
        assertThat(slice.contains(Instant.parse("2024-09-01T15:59:59.999999999Z"))).isTrue();
        assertThat(slice.contains(Instant.parse("2024-09-01T16:00:00Z"))).isFalse();
        assertThat(slice.contains(Instant.parse("2024-08-31T15:59:59.999Z"))).isFalse();
    }

    @Test
    void aTimeToIsInclusiveToTheInstant() {
        TimeSlice slice = TimeSlice.of("2024-09-01T10:00:00+08:00", "2024-09-01T12:00:00+08:00");
        assertThat(slice.contains(Instant.parse("2024-09-01T04:00:00Z"))).isTrue();
        assertThat(slice.contains(Instant.parse("2024-09-01T04:00:00.000000001Z"))).isFalse();
        assertThat(slice.from()).isEqualTo("2024-09-01T10:00:00+08:00");
    }

    @Test
    void illFormedBoundsAreRefused() {
        assertThat(TimeSlice.bound("2024-9-1")).isEmpty();
        assertThat(TimeSlice.bound("2024-02-30")).isEmpty();
        assertThat(TimeSlice.bound("2024-09-01T10:00:00")).isEmpty();
        assertThat(TimeSlice.bound(null)).isEmpty();
    }

    @Test
    void aCityCoversItsCountiesAndACountyOnlyItself() {
        assertThat(RegionScope.prefix("320800")).isEqualTo("3208");
        assertThat(RegionScope.prefix("320812")).isEqualTo("320812");
        assertThat(RegionScope.prefix("320000")).isEqualTo("32");
        RegionScope city = new RegionScope("320800", null, id -> java.util.Optional.empty());
        assertThat(city.covers("320826")).isTrue();
        assertThat(city.covers("320900")).isFalse();
        RegionScope county = new RegionScope("320812", null, id -> java.util.Optional.empty());
        assertThat(county.covers("320812")).isTrue();
        assertThat(county.covers("320813")).isFalse();
        assertThat(county.covers(null)).isFalse();
    }
}
