package io.github.camelai.llm.support;

import com.fasterxml.jackson.core.Version;

/**
 * Refuses to start on a jackson-core older than jackson-databind. Maven picks the version nearest to the
 * application's pom, so another library (Vert.x 4.5 brings jackson-core 2.16) can win over the one jackson-databind
 * needs; the first JSON read would then fail deep inside Jackson with {@code NoSuchMethodError}. This says what to
 * import instead, when the component starts.
 */
public final class JacksonVersions {

    private JacksonVersions() {
    }

    /** Checks the Jackson jars on the classpath. */
    public static void check() {
        check(com.fasterxml.jackson.core.json.PackageVersion.VERSION,
                com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION);
    }

    static void check(Version core, Version databind) {
        if (core.getMajorVersion() == databind.getMajorVersion() && core.getMinorVersion() >= databind.getMinorVersion()) {
            return;
        }
        String bom = databind.getMajorVersion() + "." + databind.getMinorVersion() + "." + databind.getPatchLevel();
        throw new IllegalStateException("jackson-core " + core + " is on the classpath with jackson-databind " + databind
                                        + ", which needs jackson-core " + databind.getMajorVersion() + "."
                                        + databind.getMinorVersion() + " or later (another dependency brought the older "
                                        + "one; see mvn dependency:tree -Dincludes=com.fasterxml.jackson.core): import "
                                        + "com.fasterxml.jackson:jackson-bom:" + bom + " (type pom, scope import) in your "
                                        + "dependencyManagement, before the other BOMs");
    }
}
