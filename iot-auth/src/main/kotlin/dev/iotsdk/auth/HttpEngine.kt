package dev.iotsdk.auth

/**
 * The HTTP engine under iotsdk's HTTPS clients: the data plane (`iot-dataplane`), Greengrass discovery
 * (`iot-greengrass`) and the credentials providers here ([CognitoCredentialsProvider], [IotCredentialsProvider]).
 * HTTP client types never appear in this SDK's API, so the engine is chosen by name, with one type for every client:
 * an Android app sets `HttpEngine.OKHTTP` everywhere.
 *
 * | Engine | Artifact you add | Where it fits | Used by |
 * |---|---|---|---|
 * | [JAVA] | none | JVM 11+: the JDK's `java.net.http.HttpClient` (not on Android) | every client (the default on a JVM) |
 * | [OKHTTP] | `io.ktor:ktor-client-okhttp-jvm` (the same version as `ktor-client-core`) | Android | every client |
 * | [CIO] | none (a dependency of `iot-dataplane`) | any JVM; coroutine-native but slow (a new connection per request) | the data plane only |
 *
 * A client refuses an engine it cannot use when it is configured ([CIO] for the credentials providers and discovery;
 * [OKHTTP] for discovery on port 443, which needs ALPN `x-amzn-http-ca`), and an engine whose artifact is missing
 * when it is built, each with a typed error naming what to do.
 *
 * ```kotlin
 * val data = IotDataPlaneClient { region = "us-east-1"; engine = HttpEngine.OKHTTP }
 * ```
 */
public enum class HttpEngine {
    /** The JDK's `java.net.http.HttpClient` (not available on Android). */
    JAVA,

    /** OkHttp, through the Ktor client; add `io.ktor:ktor-client-okhttp-jvm` (same version as `ktor-client-core`). */
    OKHTTP,

    /** Ktor's coroutine-based CIO engine (the data plane only). */
    CIO,
}
