package io.github.camelai.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The applications under {@code examples/} have their own poms with no parent, so a user can copy one as it is:
 * they name this project's version literally, in a {@code camel-llm.version} property. This test keeps that literal
 * equal to the project's version (a release or a version bump fails here, naming the file, until the example
 * follows), and the coordinates the README and the docs print with it.
 * <p>
 * Any directory of {@code examples/} whose pom has no parent is checked, so a new example (e.g.
 * {@code examples/spring-boot}) is covered as soon as it is added: it must declare {@code camel-llm.version} and use
 * it for every {@code io.github.camelai} dependency.
 */
class ExampleVersionsTest {

    private static final String GROUP = "io.github.camelai";
    private static final Pattern COORDINATES = Pattern.compile("io\\.github\\.camelai:([a-z-]+):([0-9][^\\s`'\"<>)]*)");
    /** A dependency of ours in a pom snippet: its version (a property reference is left alone). */
    private static final Pattern XML_DEPENDENCY = Pattern.compile(
            "<groupId>io\\.github\\.camelai</groupId>\\s*<artifactId>([^<]+)</artifactId>(?:\\s*<!--.*?-->)?\\s*"
                                                                  + "<version>([^<$]+)</version>");

    private final String projectVersion = System.getProperty("camel-llm.version");
    private final Path examples = Path.of("").toAbsolutePath();
    private final Path root = examples.getParent();

    @Test
    void everyStandaloneExamplePomNamesTheProjectVersion() throws Exception {
        assertNotNull(projectVersion, "surefire passes the project's version as camel-llm.version");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> dirs = Files.list(examples)) {
            for (Path pom : dirs.map(d -> d.resolve("pom.xml")).filter(Files::isRegularFile).sorted().toList()) {
                Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
                Element project = doc.getDocumentElement();
                if (child(project, "parent") != null) {
                    continue; // built with the project's own version
                }
                checked++;
                problems.addAll(problems(root.relativize(pom).toString(), project));
            }
        }
        assertFalse(checked < 2, "examples/standalone and examples/quarkus are checked, found " + checked);
        assertEquals(List.of(), problems);
    }

    /** What is wrong in one example pom, each naming the file and the fix. */
    List<String> problems(String file, Element project) {
        List<String> problems = new ArrayList<>();
        Element properties = child(project, "properties");
        Element declared = properties == null ? null : child(properties, "camel-llm.version");
        if (declared == null) {
            problems.add(file + ": declare <camel-llm.version>" + projectVersion
                         + "</camel-llm.version> in <properties> and use it for the " + GROUP + " dependencies");
        } else if (!projectVersion.equals(declared.getTextContent().trim())) {
            problems.add(file + ": <camel-llm.version> is " + declared.getTextContent().trim()
                         + " but the project is " + projectVersion + ": set it to " + projectVersion);
        }
        NodeList dependencies = project.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            Element group = child(dependency, "groupId");
            if (group != null && GROUP.equals(group.getTextContent().trim())) {
                Element version = child(dependency, "version");
                String v = version == null ? null : version.getTextContent().trim();
                if (!"${camel-llm.version}".equals(v)) {
                    problems.add(file + ": " + GROUP + ":" + child(dependency, "artifactId").getTextContent().trim()
                                 + " has version " + v + ": write ${camel-llm.version}");
                }
            }
        }
        return problems;
    }

    @Test
    void theDocsPrintTheProjectVersion() throws IOException {
        assertTrue(XML_DEPENDENCY.matcher("<groupId>io.github.camelai</groupId>\n  <artifactId>camel-baseten</artifactId> "
                                          + "<!-- or -->\n  <version>9</version>").find(), "the pattern reads a snippet");
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> problems = new ArrayList<>();
        for (Path page : pages) {
            String text = Files.readString(page);
            for (Pattern p : List.of(COORDINATES, XML_DEPENDENCY)) {
                Matcher m = p.matcher(text);
                while (m.find()) {
                    if (!m.group(2).trim().equals(projectVersion)) {
                        problems.add(root.relativize(page) + ": " + m.group(1) + " " + m.group(2) + " should be "
                                     + projectVersion);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aStaleVersionIsReportedWithTheFileAndTheFix() throws Exception {
        String pom = "<project><properties><camel-llm.version>0.0.1</camel-llm.version></properties><dependencies>"
                     + "<dependency><groupId>io.github.camelai</groupId><artifactId>camel-baseten</artifactId>"
                     + "<version>0.0.1</version></dependency></dependencies></project>";
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(pom.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .getDocumentElement();
        assertEquals(List.of("examples/x/pom.xml: <camel-llm.version> is 0.0.1 but the project is " + projectVersion
                             + ": set it to " + projectVersion,
                "examples/x/pom.xml: io.github.camelai:camel-baseten has version 0.0.1: write ${camel-llm.version}"),
                problems("examples/x/pom.xml", project));
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getTagName())) {
                return e;
            }
        }
        return null;
    }
}
