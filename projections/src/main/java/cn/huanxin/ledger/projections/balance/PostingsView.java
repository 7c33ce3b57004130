package cn.huanxin.ledger.projections.balance;

import java.util.List;

/** One page of an account's postings; {@code nextKey} is {@code null} when there are no more. */
public record PostingsView(String accountId, List<PostingView> items, String nextKey) {

    public PostingsView {
        items = List.copyOf(items);
    }
}
