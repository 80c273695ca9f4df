package io.github.camelai.llm.support;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BodyTextsTest {

    @Test
    void arraysCollectionsAndIterablesAreListsOfTexts() {
        assertEquals(List.of("a", "b"), BodyTexts.texts(new String[] { "a", "b" }, "embedding", false));
        assertEquals(List.of("a", "b"), BodyTexts.texts(new ArrayDeque<>(List.of("a", "b")), "embedding", false));
        assertEquals(List.of("a", "b"), BodyTexts.texts(new LinkedHashSet<>(List.of("a", "b")), "embedding", false));
        Iterable<String> iterable = () -> List.of("a", "b").iterator();
        assertEquals(List.of("a", "b"), BodyTexts.texts(iterable, "embedding", false));
        assertEquals(List.of("a", "b"), BodyTexts.texts(new Object[] { new StringBuilder("a"), "b" }, "x", false));
        assertEquals(List.of("", "b"), BodyTexts.texts(List.of("", "b"), "rerank", true));
    }

    @Test
    void otherBodiesAreNotListsOfTexts() {
        assertNull(BodyTexts.texts("a,b", "embedding", false));
        assertNull(BodyTexts.texts(Map.of("a", "b"), "embedding", false));
        assertNull(BodyTexts.texts(Path.of("a", "b"), "embedding", false));
        assertNull(BodyTexts.texts(new float[] { 1f }, "embedding", false));
    }

    @Test
    void badItemsAreNamedAsPeopleWriteThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BodyTexts.texts(new Object[] { "a", 3 }, "embedding", false));
        assertEquals("Item 1 of the embedding input is of type Integer; every item must be a String", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BodyTexts.texts(new String[0], "embedding", false));
        assertEquals("The embedding input is an empty String[]: send at least one String", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BodyTexts.texts(new ArrayList<>(List.of("a", "")), "completion", false));
        assertEquals("Item 1 of the completion input is an empty String", e.getMessage());
    }

    @Test
    void typeNames() {
        assertEquals("String[]", BodyTexts.typeName(new String[0]));
        assertEquals("byte[]", BodyTexts.typeName(new byte[0]));
        assertEquals("int[][]", BodyTexts.typeName(new int[0][]));
        assertEquals("ArrayList", BodyTexts.typeName(new ArrayList<>()));
        assertEquals("List", BodyTexts.typeName(List.of(1)));
        assertEquals("Map", BodyTexts.typeName(Map.of()));
        assertEquals("Integer", BodyTexts.typeName(3));
        assertEquals("null", BodyTexts.typeName((Object) null));
        assertEquals(BodyTextsTest.class.getName(), BodyTexts.typeName(this));
    }
}
