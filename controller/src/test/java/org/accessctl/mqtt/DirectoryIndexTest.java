package org.accessctl.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DirectoryIndexTest {

    private static final String PERSONNEL = "accessctl/main/personnel/";

    @Test
    void anIdIsAlwaysOnThePageOfTheFirstByteOfItsSha256() {
        // printf P-001 | sha256sum starts e2; the tools and every door must agree on this forever.
        assertEquals("e2", DirectoryIndex.bucket("P-001"));
        assertEquals(PERSONNEL + "_index/e2", DirectoryIndex.pageTopic(PERSONNEL, DirectoryIndex.bucket("P-001")));
        Set<String> pages = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            pages.add(DirectoryIndex.bucket("P-" + i));
        }
        assertEquals(256, pages.size(), "ids spread over every page");
    }

    @Test
    void aPageListsItsIdsSortedAndAnEmptyPageIsADeletion() {
        byte[] page = DirectoryIndex.encode(List.of("P-2", "P-10", "P-1"));
        assertEquals("{\"ids\":[\"P-1\",\"P-10\",\"P-2\"]}", new String(page, StandardCharsets.UTF_8));
        assertEquals(List.of("P-1", "P-10", "P-2"), DirectoryIndex.decode(page));
        assertArrayEquals(new byte[0], DirectoryIndex.encode(List.of()));
        assertEquals(List.of(), DirectoryIndex.decode(new byte[0]));
    }

    @Test
    void aPageThatIsNotAListOfTopicLevelsIsRefusedNamingWhy() {
        assertTrue(refusal("{\"ids\":\"P-1\"}").contains("ids"));
        assertTrue(refusal("{\"ids\":[\"P-1\",\"a/b\"]}").contains("a/b"));
        assertTrue(refusal("{\"ids\":[\"#\"]}").contains("#"));
        assertTrue(refusal("{\"ids\":[\"\"]}").contains("topic level"));
        assertTrue(refusal("[1,2]").contains("object"));
        assertTrue(refusal("{\"ids\":[").length() > 0);
    }

    @Test
    void onlyTopicsUnderAKindsIndexAreIndexTopics() {
        assertTrue(DirectoryIndex.isIndexTopic(PERSONNEL, PERSONNEL + "_index/00"));
        assertFalse(DirectoryIndex.isIndexTopic(PERSONNEL, PERSONNEL + "_index"));
        assertFalse(DirectoryIndex.isIndexTopic(PERSONNEL, PERSONNEL + "P-1"));
        assertEquals(PERSONNEL + "_index/+", DirectoryIndex.pageFilter(PERSONNEL));
    }

    private static String refusal(String page) {
        return assertThrows(IllegalArgumentException.class,
                () -> DirectoryIndex.decode(page.getBytes(StandardCharsets.UTF_8))).getMessage();
    }
}
