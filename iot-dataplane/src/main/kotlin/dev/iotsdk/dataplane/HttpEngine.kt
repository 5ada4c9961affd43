package dev.iotsdk.dataplane

/**
 * The HTTP engine under an [IotDataPlaneClient]. The client is built on the Ktor client; Ktor types never appear in
 * this SDK's API, so the engine is chosen by name:
 *
 * | Engine | Artifact you add | Where it fits |
 * |---|---|---|
 * | [CIO] (default) | none (a dependency of `iot-dataplane`) | any JVM 11+; coroutine-native |
 * | [OKHTTP] | `io.ktor:ktor-client-okhttp-jvm` | Android (OkHttp is already on most apps' classpath) |
 * | [JAVA] | `io.ktor:ktor-client-java-jvm` | JVM 11+ with `java.net.http`; HTTP/2 |
 *
 * Choosing [OKHTTP] or [JAVA] without its artifact fails at client construction with a [DataPlaneClientException]
 * naming the artifact to add.
 *
 * Throughput: Ktor 3's CIO engine gives every POST, and every request when timeouts are configured (this client
 * always configures them), a dedicated connection, so each call pays a TCP and TLS handshake. [JAVA] and [OKHTTP]
 * keep connections alive; measured against the emulator (`benchmarks` `DataPlaneThroughput`) they serve several
 * times the requests per second. Prefer one of them for busy back-ends.
 */
public enum class HttpEngine {
    /** Ktor's coroutine-based CIO engine (the default). */
    CIO,

    /** Ktor's OkHttp engine; add `io.ktor:ktor-client-okhttp-jvm` (same version as `ktor-client-core`). */
    OKHTTP,

    /** Ktor's engine on the JDK's `java.net.http.HttpClient`; add `io.ktor:ktor-client-java-jvm`. */
    JAVA,
}
