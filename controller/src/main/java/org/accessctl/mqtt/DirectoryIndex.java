package org.accessctl.mqtt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.accessctl.json.Json;
import org.accessctl.json.JsonLimits;
import org.accessctl.json.JsonObject;

/**
 * The directory's list of its record ids, kept beside the records as 256 retained pages per kind
 * ({@code P/S/personnel/_index/00} to {@code .../ff}, the same under {@code visits/}), each
 * {@code {"ids":[...]}} with the ids whose SHA-256 starts with that byte.
 *
 * <p>Why it exists: a stock Mosquitto pushes a subscription's whole retained set the moment it
 * handles the SUBSCRIBE, and drops what does not fit 1,000 queued packets once the connection
 * cannot take more. Over a real network (slower than the broker's loop) a large directory is
 * therefore always cut, and a door cannot ask for records whose names it has never seen. The
 * pages are few (512 in all, within any queue); with them the door asks for every missing record
 * by name, a page of topics at a time. Only names are listed: a forged page can make a door ask
 * for a record, never admit anyone.
 */
public final class DirectoryIndex {

    /** The topic level under a kind's prefix that holds its pages; no record id can have levels. */
    public static final String LEVEL = "_index";
    private static final JsonLimits PAGE_LIMITS = new JsonLimits(OversizeMessage.LIMIT_BYTES, 4, 1024, 20);

    private DirectoryIndex() {
    }

    /** The page a record id is listed on: two hex digits. */
    public static String bucket(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().toHexDigits(digest[0]);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** @param kindPrefix {@code P/S/personnel/} or {@code P/S/visits/} */
    public static String pageTopic(String kindPrefix, String bucket) {
        return kindPrefix + LEVEL + "/" + bucket;
    }

    public static String pageFilter(String kindPrefix) {
        return kindPrefix + LEVEL + "/+";
    }

    /** Whether {@code topic} is under a kind's index (a page, or anything else a tool put there). */
    public static boolean isIndexTopic(String kindPrefix, String topic) {
        return topic.startsWith(kindPrefix + LEVEL + "/");
    }

    /** A page's payload: the ids sorted, or zero bytes (which deletes a retained page) for none. */
    public static byte[] encode(Collection<String> ids) {
        if (ids.isEmpty()) {
            return new byte[0];
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("ids", List.copyOf(new TreeSet<>(ids)));
        return Json.write(page).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The ids a page lists; none for a deleted page.
     *
     * @throws IllegalArgumentException naming what is wrong with the page
     */
    public static List<String> decode(byte[] payload) {
        if (payload.length == 0) {
            return List.of();
        }
        // A JsonException is an IllegalArgumentException naming the field and the offset.
        List<String> ids = JsonObject.of(Json.parseBytes(payload, PAGE_LIMITS)).requireStringList("ids");
        for (String id : ids) {
            if (id.isEmpty() || id.contains("/") || id.contains("+") || id.contains("#")) {
                throw new IllegalArgumentException("id \"" + id + "\" cannot be a topic level");
            }
        }
        return ids;
    }
}
