package dev.iotsdk.greengrass

import dev.iotsdk.greengrass.internal.DefaultGreengrassDiscoveryClient
import dev.iotsdk.model.greengrass.DiscoveryInfo
import java.util.concurrent.Executor

/**
 * Greengrass discovery (the v1 SDK's `DiscoveryInfoProvider`, the v2 SDKs' `DiscoveryClient`): asks AWS IoT which
 * Greengrass cores a device may use ([discover]), then connects to one of them over the local network, trusting the
 * group CA ([connectToCore]).
 *
 * Discovery is `GET https://<endpoint>:<port>/greengrass/discover/thing/<thing>` with mutual TLS, on port 8443 or on
 * 443 with ALPN `x-amzn-http-ca`, over the Ktor client's Java engine (the JDK HTTP client; the SDK's SSL context
 * adds the ALPN offer, which the JDK client cannot be configured with).
 *
 * ```kotlin
 * GreengrassDiscoveryClient {
 *     region = "us-west-2"
 *     identity = TlsIdentity.fromPemFiles(cert, key)
 * }.use { discovery ->
 *     val info = discovery.discover("my-device")
 *     val connection = discovery.connectToCore(info, clientId = "my-device")
 *     connection.client.publish(MqttMessage.text("hello/world", "hi"))
 *     connection.client.close()
 * }
 * ```
 * ```java
 * try (GreengrassDiscoveryClientJava discovery = GreengrassDiscoveryClient.create(config).asJava()) {
 *     DiscoveryInfo info = discovery.discover("my-device").join();
 *     CoreConnection connection = discovery.connectToCore(info, "my-device").join();
 * }
 * ```
 * Threading: every function may be called from any thread; suspend functions never block the caller's thread.
 * Cancellation: cancelling [discover] aborts the HTTP exchange; cancelling [connectToCore] closes the client being
 * connected.
 */
public interface GreengrassDiscoveryClient : AutoCloseable {
    /** The configuration. */
    public val config: GreengrassDiscoveryConfig

    /**
     * Discovers the Greengrass groups and cores of [thingName]. A 429 answer is retried with exponential backoff
     * ([GreengrassDiscoveryConfig.throttleRetries]).
     *
     * @throws DiscoveryUnauthorizedException (401/403), [DiscoveryDataNotFoundException] (404: in no group),
     * [DiscoveryThrottlingException] (429 after the retries), [DiscoveryInvalidRequestException] (400),
     * [DiscoveryServiceException] (other statuses), [DiscoveryResponseException] (malformed, truncated or too large),
     * [DiscoveryClientException] (network, TLS, timeout, invalid thing name).
     */
    public suspend fun discover(thingName: String): DiscoveryInfo

    /**
     * Connects an MQTT client (mutual TLS with the discovery identity, client id [clientId] — the AWS samples use the
     * thing name) to the first core endpoint that accepts it, trying every connectivity entry of every core in the
     * order of [CoreConnectOptions.order], each within [CoreConnectOptions.attemptTimeout], trusting all CAs of the
     * core's group (AWS samples use the first one).
     *
     * @throws CoreConnectException listing every failed attempt when none connects.
     */
    public suspend fun connectToCore(
        discovery: DiscoveryInfo,
        clientId: String,
        options: CoreConnectOptions = CoreConnectOptions.DEFAULT,
    ): CoreConnection

    /** A Java view ([java.util.concurrent.CompletableFuture]s); [executor] is unused today and may be `null`. */
    public fun asJava(executor: Executor?): GreengrassDiscoveryClientJava

    /** A Java view. */
    public fun asJava(): GreengrassDiscoveryClientJava = asJava(null)

    /** Releases the HTTP client. Clients returned by [connectToCore] stay open. Idempotent. */
    override fun close()

    /** Factories. */
    public companion object {
        /** A client with [config]. */
        @JvmStatic
        public fun create(config: GreengrassDiscoveryConfig): GreengrassDiscoveryClient =
            DefaultGreengrassDiscoveryClient(config)

        /** Kotlin DSL: `GreengrassDiscoveryClient { region = "…"; identity = … }`. */
        public operator fun invoke(block: GreengrassDiscoveryConfig.Builder.() -> Unit): GreengrassDiscoveryClient =
            create(GreengrassDiscoveryConfig(block))
    }
}
