package cn.huanxin.ledger.projections.balance;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageKeysTest {

    @Test
    void aKeyReadsBackAsTheSortKeyItWasMadeOf() {
        assertThat(PageKeys.balances(PageKeys.balances("bond:2024:A", "320812")))
                .containsExactly("bond:2024:A", "320812");
        assertThat(PageKeys.postings(PageKeys.postings(123_456_789_012L, 3))).containsExactly(123_456_789_012L, 3L);
    }

    @Test
    void keysAreOpaqueUrlSafeTokens() {
        assertThat(PageKeys.balances("F-1", "320812")).matches("[A-Za-z0-9_-]+").doesNotContain("F-1");
    }

    @Test
    void aTamperedOrForeignKeyIsRefused() {
        String postings = PageKeys.postings(1, 1);
        assertThatThrownBy(() -> PageKeys.balances(postings)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PageKeys.postings(PageKeys.balances("F", "320812")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PageKeys.postings("@@")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PageKeys.postings("cDEKeAp5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PageKeys.balances("")).isInstanceOf(IllegalArgumentException.class);
    }
}
