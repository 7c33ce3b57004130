package cn.huanxin.ledger.api.ingest;

import cn.huanxin.ledger.api.ingest.ReceiptRepository;
import cn.huanxin.ledger.api.security.StreamCreators;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** A stream's creator as the receipts record it: the source of the event that opened the stream. */
@Component
class ReceiptStreamCreators implements StreamCreators {

    private final ReceiptRepository receipts;

    ReceiptStreamCreators(ReceiptRepository receipts) {
        this.receipts = receipts;
    }

    @Override
    public Optional<String> creator(String streamId) {
        return receipts.creator(streamId);
    }
}
