package cn.huanxin.ledger.api.integrity;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/ledger/public-keys} (open): every key the seal has signed with, oldest first,
 * with the tree sizes each signed — what an auditor pins to verify checkpoints and bundles from
 * before and after a key rotation ({@code verify --public-key a.pem --public-key b.pem …}).
 */
@RestController
class SealKeysController {

    private final SealKeys keys;

    SealKeysController(SealKeys keys) {
        this.keys = keys;
    }

    @GetMapping("/api/v1/ledger/public-keys")
    ResponseEntity<Map<String, Object>> publicKeys() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (SealKeys.Key key : keys.all()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("keyId", key.keyId());
            item.put("pem", key.pem());
            item.put("firstTreeSize", key.firstTreeSize());
            item.put("lastTreeSize", key.lastTreeSize());
            items.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("nextCursor", null);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
