package dev.iotsdk.dataplane

/**
 * The HTTP engine under an [IotDataPlaneClient]. HTTP client types never appear in this SDK's API, so the engine is
 * chosen by name:
 *
 * | Engine | Artifact you add | Where it fits |
 * |---|---|---|
 * | [JAVA] (default) | none | JVM 11+: the JDK's `java.net.http.HttpClient`, HTTP/1.1 with keep-alive; the fastest here |
 * | [OKHTTP] | `io.ktor:ktor-client-okhttp-jvm` | Android (no `java.net.http` there; OkHttp is on most apps' classpath), through Ktor |
 * | [CIO] | none (a dependency of `iot-dataplane`) | any JVM, through Ktor; coroutine-native, but slow (below) |
 *
 * Choosing [OKHTTP] without its artifact, or [JAVA] where `java.net.http` is missing (Android), fails at client
 * construction with a [DataPlaneClientException] that says what to do.
 *
 * Throughput (`benchmarks`, workload `dataplane-requests`, against the emulator): [JAVA] drives the JDK client
 * directly (its blocking `send` on a `Dispatchers.IO` thread, no Ktor pipeline), which costs the least client CPU
 * per call; Ktor's own JDK engine, which this SDK used before, streams every body through a reactive subscriber, a
 * coroutine and a byte channel and was several times slower than the AWS SDK for Java v2. [OKHTTP] keeps
 * connections alive and runs through the Ktor client pipeline. Ktor 3's [CIO] engine opens a new connection (TCP and
 * TLS handshake) for every request unless HTTP pipelining is enabled, which this client does not do.
 *
 * Timeouts behave the same on every engine: [IotDataPlaneConfig.connectTimeout] is the engine's connect timeout and
 * [IotDataPlaneConfig.requestTimeout] bounds each attempt from sending to the last byte of the answer.
 */
public enum class HttpEngine {
    /** Ktor's coroutine-based CIO engine. */
    CIO,

    /** Ktor's OkHttp engine; add `io.ktor:ktor-client-okhttp-jvm` (same version as `ktor-client-core`). */
    OKHTTP,

    /** The JDK's `java.net.http.HttpClient`, used directly (the default; not available on Android). */
    JAVA,
}
