@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.greengrass

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.java.JavaView
import dev.iotsdk.model.greengrass.DiscoveryInfo
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor

/**
 * The Java view of a [GreengrassDiscoveryClient]: every call returns a [CompletableFuture] that fails with the SDK's
 * exceptions (`join()` throws a `CompletionException` whose cause is, for example, a [DiscoveryDataNotFoundException]).
 *
 * ```java
 * try (GreengrassDiscoveryClientJava discovery = GreengrassDiscoveryClient.create(config).asJava()) {
 *     DiscoveryInfo info = discovery.discover("my-device").join();
 *     CoreConnection core = discovery.connectToCore(info, "my-device").join();
 *     core.getClient().asJava().publish(MqttMessage.text("hello", "hi")).join();
 * }
 * ```
 * [close] cancels pending futures and closes the Kotlin client.
 */
public class GreengrassDiscoveryClientJava internal constructor(
    private val client: GreengrassDiscoveryClient,
    executor: Executor?,
) : AutoCloseable {
    /** Futures only: no callback runs on [executor] today, so the view never starts a thread of its own. */
    private val view = JavaView("iotsdk-greengrass-java-view", executor)

    /** The Kotlin client behind this view. */
    public fun asKotlin(): GreengrassDiscoveryClient = client

    /** See [GreengrassDiscoveryClient.discover]. */
    public fun discover(thingName: String): CompletableFuture<DiscoveryInfo> =
        view.future { client.discover(thingName) }

    /** See [GreengrassDiscoveryClient.connectToCore]. */
    public fun connectToCore(
        discovery: DiscoveryInfo,
        clientId: String,
        options: CoreConnectOptions,
    ): CompletableFuture<CoreConnection> = view.future { client.connectToCore(discovery, clientId, options) }

    /** [connectToCore] with the default options. */
    public fun connectToCore(discovery: DiscoveryInfo, clientId: String): CompletableFuture<CoreConnection> =
        connectToCore(discovery, clientId, CoreConnectOptions.DEFAULT)

    /**
     * Cancels pending futures (they complete with `CancellationException`) and closes the client; an executor given
     * to [GreengrassDiscoveryClient.asJava] is left running. Idempotent.
     */
    override fun close() {
        try {
            view.close()
        } finally {
            client.close()
        }
    }
}
