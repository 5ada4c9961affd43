package dev.iotsdk.auth

/**
 * The HTTP engine under [CognitoCredentialsProvider] and [IotCredentialsProvider]. Both are built on the Ktor client;
 * Ktor types never appear in this SDK's API, so the engine is chosen by name (as `iot-dataplane`'s `HttpEngine`):
 *
 * | Engine | Artifact you add | Where it fits |
 * |---|---|---|
 * | [JAVA] | none (a dependency of `iot-auth`) | JVM 11+ with `java.net.http` |
 * | [OKHTTP] | `io.ktor:ktor-client-okhttp-jvm` (same version as `ktor-client-core`) | Android, where `java.net.http` does not exist |
 *
 * Not choosing (the builders' `engine = null`, the default) takes [JAVA] when `java.net.http.HttpClient` is on the
 * platform and [OKHTTP] otherwise, so the same code runs on a JVM and on Android. Both engines present the device's
 * [TlsIdentity] for mutual TLS (the IoT credentials provider) and trust only the configured [TrustMaterial].
 *
 * Choosing [OKHTTP] without its artifact fails when the provider is built, with a [CredentialsException] naming the
 * artifact to add.
 */
public enum class CredentialsHttpEngine {
    /** Ktor's engine on the JDK's `java.net.http.HttpClient` (not available on Android). */
    JAVA,

    /** Ktor's OkHttp engine; add `io.ktor:ktor-client-okhttp-jvm` (same version as `ktor-client-core`). */
    OKHTTP,
}
