package dev.iotsdk.greengrass

/**
 * The HTTP engine under a [GreengrassDiscoveryClient]. Discovery runs on the Ktor client; Ktor types never appear in
 * this SDK's API, so the engine is chosen by name:
 *
 * | Engine | Artifact you add | Where it fits |
 * |---|---|---|
 * | [JAVA] (default) | none (a dependency of `iot-greengrass`) | JVM 11+ (`java.net.http`); ports 8443 and 443 with ALPN `x-amzn-http-ca` |
 * | [OKHTTP] | `io.ktor:ktor-client-okhttp-jvm` | Android (no `java.net.http` there); port 8443 only |
 *
 * [OKHTTP] cannot offer ALPN `x-amzn-http-ca` (OkHttp offers only the protocol names it speaks), so a configuration
 * with [GreengrassDiscoveryConfig.alpn] and [OKHTTP] is refused; on Android use port 8443. Choosing [OKHTTP] without
 * its artifact fails at client construction with a [DiscoveryClientException] naming the artifact to add.
 */
public enum class DiscoveryHttpEngine {
    /** Ktor's engine on the JDK's `java.net.http.HttpClient` (the default; not available on Android). */
    JAVA,

    /** Ktor's OkHttp engine (Android); add `io.ktor:ktor-client-okhttp-jvm`, the same version as `ktor-client-core`. */
    OKHTTP,
}
