package org.accessctl.app;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.accessctl.mqtt.DirectoryIndex;
import org.accessctl.mqtt.Topics;
import org.accessctl.records.RecordKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory's index pages ({@link DirectoryIndex}) as this connection's sync received them:
 * which records exist upstream, so that the second pass can ask by name for those the broker's
 * burst lost. Pages are kept raw as they arrive on Paho's thread (nothing to parse there) and read
 * on the link's thread when the second pass starts; each connection starts from none.
 */
final class ListedRecords {

    private static final Logger log = LoggerFactory.getLogger(ListedRecords.class);

    private static final Pattern PAGE = Pattern.compile(".*/" + DirectoryIndex.LEVEL + "/[0-9a-f]{2}");

    private final Topics topics;
    private final Map<String, byte[]> pages = new ConcurrentHashMap<>();

    ListedRecords(Topics topics) {
        this.topics = topics;
    }

    /** Whether the topic is an index page (of either kind), which is no record. */
    boolean isPage(String topic) {
        return DirectoryIndex.isIndexTopic(topics.personnelPrefix(), topic)
                || DirectoryIndex.isIndexTopic(topics.visitsPrefix(), topic);
    }

    /** A new connection: the pages come again with its subscription. */
    void clear() {
        pages.clear();
    }

    /**
     * Called on Paho's thread; a newer page replaces the older, an empty one deletes it. Only the
     * 256 page names of each kind are kept, so whatever else is published there costs nothing.
     */
    void page(String topic, byte[] payload) {
        if (!PAGE.matcher(topic).matches()) {
            return;
        }
        if (payload.length == 0) {
            pages.remove(topic);
        } else {
            pages.put(topic, payload);
        }
    }

    /**
     * Hands over the ids of each page in turn, with its kind: one page at a time, so that the ids
     * of a whole directory are never all in memory. Pages that cannot be read are skipped, and
     * said so once.
     */
    void eachPage(BiConsumer<RecordKind, List<String>> page) {
        int bad = 0;
        String firstBad = null;
        for (Map.Entry<String, byte[]> p : pages.entrySet()) {
            RecordKind kind = DirectoryIndex.isIndexTopic(topics.personnelPrefix(), p.getKey())
                    ? RecordKind.PERSON : RecordKind.VISIT;
            List<String> ids;
            try {
                ids = DirectoryIndex.decode(p.getValue());
            } catch (IllegalArgumentException e) {
                if (bad++ == 0) {
                    firstBad = p.getKey() + ": " + e.getMessage();
                }
                continue;
            }
            page.accept(kind, ids);
        }
        if (bad > 0) {
            log.warn("{} directory index pages ignored, the first {}", bad, firstBad);
        }
    }
}
