package dev.iotsdk.greengrass

import dev.iotsdk.core.java.JavaAdapter
import dev.iotsdk.model.greengrass.DiscoveryInfo
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
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
    private val scope = CoroutineScope(
        SupervisorJob() + Dispatchers.Default + CoroutineName("iotsdk-greengrass-java-view"),
    )
    private val adapter = JavaAdapter(scope, executor ?: Executor { it.run() })

    /** The Kotlin client behind this view. */
    public fun asKotlin(): GreengrassDiscoveryClient = client

    /** See [GreengrassDiscoveryClient.discover]. */
    public fun discover(thingName: String): CompletableFuture<DiscoveryInfo> =
        adapter.future { client.discover(thingName) }

    /** See [GreengrassDiscoveryClient.connectToCore]. */
    public fun connectToCore(
        discovery: DiscoveryInfo,
        clientId: String,
        options: CoreConnectOptions,
    ): CompletableFuture<CoreConnection> = adapter.future { client.connectToCore(discovery, clientId, options) }

    /** [connectToCore] with the default options. */
    public fun connectToCore(discovery: DiscoveryInfo, clientId: String): CompletableFuture<CoreConnection> =
        connectToCore(discovery, clientId, CoreConnectOptions.DEFAULT)

    /** Cancels pending futures and closes the client. */
    override fun close() {
        scope.cancel()
        client.close()
    }
}
