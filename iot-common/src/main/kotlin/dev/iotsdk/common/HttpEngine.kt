package dev.iotsdk.common

/**
 * The HTTP engine under iotsdk's HTTPS clients: the data plane (`iot-dataplane`), Greengrass discovery
 * (`iot-greengrass`) and the Cognito and IoT credentials providers (`iot-auth`). HTTP client types never appear in
 * this SDK's API, so the engine is chosen by name, with one type for every client, and every client takes every
 * engine: an Android app sets `HttpEngine.OKHTTP` everywhere.
 *
 * | Engine | Artifact you add | Where it fits |
 * |---|---|---|
 * | [JAVA] | none | JVM 11+: the JDK's `java.net.http.HttpClient` (Android has no `java.net.http`) |
 * | [OKHTTP] | `io.ktor:ktor-client-okhttp-jvm` (the same version as `ktor-client-core-jvm`) | Android, or any JVM |
 *
 * An engine whose classes are missing is refused when the client is built, with the client's own typed error naming
 * the artifact to add. Greengrass discovery on port 443 (ALPN `x-amzn-http-ca`) needs [JAVA]: OkHttp cannot offer
 * that protocol name.
 *
 * ```kotlin
 * val data = IotDataPlaneClient { region = "us-east-1"; engine = HttpEngine.OKHTTP }
 * ```
 * ```java
 * IotDataPlaneConfig config = IotDataPlaneConfig.builder().region("us-east-1").engine(HttpEngine.OKHTTP).build();
 * ```
 */
public enum class HttpEngine {
    /** The JDK's `java.net.http.HttpClient` (JDK 11+; not available on Android). */
    JAVA,

    /** OkHttp, through the Ktor client; add `io.ktor:ktor-client-okhttp-jvm` (same version as `ktor-client-core`). */
    OKHTTP,
}
