package cn.huanxin.ledger.api.history;

import cn.huanxin.ledger.api.ingest.ReceiptRepository;
import cn.huanxin.ledger.api.web.ConsoleFormat;
import cn.huanxin.ledger.api.web.ConsolePage;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.api.web.RequestProblem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's history of one stream ({@code GET /api/v1/history/{streamId}}): its events as the
 * store holds them — pseudonyms, never personal data — with their metadata, and a {@code knownAt}
 * picker that shows the stream as the ledger knew it at a past moment (Beijing time, to the minute).
 * Reading the history of a stream that bears personal refs is a sensitive read, recorded before it
 * is shown, as for the API.
 */
@Controller
@ConsolePage
class HistoryConsoleController {

    private final HistoryReader history;
    private final ReceiptRepository streams;
    private final ObjectMapper json;

    HistoryConsoleController(HistoryReader history, ReceiptRepository streams, ObjectMapper json) {
        this.history = history;
        this.streams = streams;
        this.json = json;
    }

    @GetMapping("/console/history/{streamId}")
    String history(@PathVariable String streamId, @RequestParam(required = false) String knownAt, Model model) {
        Instant known = HistoryController.parseKnownAt(ConsoleFormat.knownAt(knownAt));
        if (streams.creator(streamId).isEmpty() && !history.exists(streamId)) {
            throw new RequestProblem(Problems.notFound("stream " + streamId + " does not exist"));
        }
        List<Map<String, Object>> events = history.events(streamId, known).stream().map(this::withPayloadText).toList();
        model.addAttribute("streamId", streamId);
        model.addAttribute("events", events);
        model.addAttribute("knownAt", knownAt == null ? "" : knownAt);
        return "console/history";
    }

    /** The event with its stored payload as indented JSON, for reading. */
    private Map<String, Object> withPayloadText(Map<String, Object> event) {
        Map<String, Object> shown = new LinkedHashMap<>(event);
        try {
            shown.put("payloadText", json.writerWithDefaultPrettyPrinter().writeValueAsString(event.get("payload")));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return shown;
    }
}
