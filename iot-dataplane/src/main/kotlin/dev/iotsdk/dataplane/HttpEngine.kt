package dev.iotsdk.dataplane

/**
 * The HTTP engine under an [IotDataPlaneClient]. The client is built on the Ktor client; Ktor types never appear in
 * this SDK's API, so the engine is chosen by name:
 *
 * | Engine | Artifact you add | Where it fits |
 * |---|---|---|
 * | [JAVA] (default) | none (a dependency of `iot-dataplane`) | JVM 11+ with `java.net.http`; keeps connections alive |
 * | [OKHTTP] | `io.ktor:ktor-client-okhttp-jvm` | Android (no `java.net.http` there; OkHttp is on most apps' classpath) |
 * | [CIO] | none (a dependency of `iot-dataplane`) | any JVM; coroutine-native, but slow (below) |
 *
 * Choosing [OKHTTP] without its artifact fails at client construction with a [DataPlaneClientException] naming the
 * artifact to add.
 *
 * Throughput: Ktor 3's CIO engine gives every POST, and every request when timeouts are configured (this client
 * always configures them), a dedicated connection, so each call pays a TCP and TLS handshake. [JAVA] and [OKHTTP]
 * keep connections alive; measured against the emulator (`benchmarks` `DataPlaneThroughput`) they serve several
 * times the requests per second, which is why [JAVA] is the default.
 */
public enum class HttpEngine {
    /** Ktor's coroutine-based CIO engine. */
    CIO,

    /** Ktor's OkHttp engine; add `io.ktor:ktor-client-okhttp-jvm` (same version as `ktor-client-core`). */
    OKHTTP,

    /** Ktor's engine on the JDK's `java.net.http.HttpClient` (the default; not available on Android). */
    JAVA,
}
