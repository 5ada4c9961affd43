package dev.iotsdk.tunneling

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.java.JavaView
import kotlinx.coroutines.Job
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.function.Consumer

/**
 * The Java view of a [SecureTunnel] (from [SecureTunnel.asJava]), built on [JavaView]: futures and callbacks.
 * Closing it closes the tunnel.
 *
 * ```java
 * try (SecureTunnelJava tunnel = new SecureTunnel(config).asJava()) {
 *     tunnel.start().join();
 *     int port = tunnel.localPort("SSH");
 * }
 * ```
 */
@OptIn(InternalIotSdkApi::class)
public class SecureTunnelJava internal constructor(
    private val tunnel: SecureTunnel,
    executor: Executor?,
    parent: Job,
) : AutoCloseable {
    private val view = JavaView("iotsdk-tunnel-java-view", executor, parent)

    /** Starts the tunnel; completes when connected, exceptionally with [TunnelHandshakeException] when refused. */
    public fun start(): CompletableFuture<Void?> = view.future {
        tunnel.start()
        tunnel.awaitConnected()
        null
    }

    /** Source mode: the local port of [serviceId]; -1 when there is none. */
    public fun localPort(serviceId: String): Int = tunnel.localPorts.value[serviceId] ?: -1

    /** Calls [consumer] with every state change; close the result to stop. */
    public fun onState(consumer: Consumer<TunnelState>): AutoCloseable = view.collect(tunnel.state, consumer, null)

    /** The Kotlin tunnel. */
    public fun asKotlin(): SecureTunnel = tunnel

    override fun close() {
        view.close()
        tunnel.close()
    }
}
