package dev.iotsdk.tunneling

import dev.iotsdk.tunneling.internal.TunnelEngine
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.first
import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicBoolean

/**
 * A secure tunneling local proxy on the JVM, either end ([SecureTunnelConfig.mode]): it keeps a WebSocket to the
 * tunneling service open (protocol V3, V2 or V1, the newest both ends speak), reconnecting with backoff and the same
 * client token, and carries TCP connections through it: a destination connects each stream to the local service of
 * its service id; a source listens on local ports ([localPorts]) and starts a stream (V3: a connection) for each
 * accepted socket. Buffers are bounded: a slow TCP peer slows the tunnel instead of growing memory.
 *
 * ```kotlin
 * SecureTunnel(config).use { tunnel ->
 *     tunnel.start()
 *     tunnel.awaitConnected()
 *     println("ssh -p ${tunnel.localPorts.value.getValue("SSH")} user@localhost")
 * }
 * ```
 * ```java
 * try (SecureTunnelJava tunnel = new SecureTunnel(config).asJava()) {
 *     tunnel.start().join();
 * }
 * ```
 *
 * Threading: everything runs on the tunnel's own scope (IO dispatcher); [close] stops it and closes every socket.
 */
public class SecureTunnel(
    /** The configuration. */
    public val config: SecureTunnelConfig,
) : AutoCloseable {
    private val job = SupervisorJob()
    private val scope = CoroutineScope(job + Dispatchers.IO + CoroutineName("iotsdk-tunnel"))
    private val started = AtomicBoolean(false)
    private val stateFlow = MutableStateFlow(TunnelState.CONNECTING)
    private val failureFlow = MutableStateFlow<Throwable?>(null)
    private val portsFlow = MutableStateFlow<Map<String, Int>>(emptyMap())
    private val versionFlow = MutableStateFlow<Int?>(null)
    private val engine = TunnelEngine(config, scope, stateFlow, failureFlow, portsFlow, versionFlow)

    /** The WebSocket's state. */
    public val state: StateFlow<TunnelState> = stateFlow.asStateFlow()

    /** The last connection failure (a [TunnelHandshakeException] when the service refused), `null` while connected. */
    public val failure: StateFlow<Throwable?> = failureFlow.asStateFlow()

    /** Source mode: the local port of each service id, once [start] has bound them. */
    public val localPorts: StateFlow<Map<String, Int>> = portsFlow.asStateFlow()

    /** The protocol version of the current (or last) WebSocket: 1, 2 or 3; `null` before the first. */
    public val protocolVersion: StateFlow<Int?> = versionFlow.asStateFlow()

    /** Bytes received from the tunnel and not yet written to local TCP peers (bounded by the buffers). */
    public val bufferedBytes: Long get() = engine.buffered.get()

    /** The most [bufferedBytes] has been since the tunnel started. */
    public val bufferedBytesHighWater: Long get() = engine.bufferedHighWater.get()

    /**
     * Binds the source's local ports (so [localPorts] is set when this returns) and starts connecting; idempotent.
     * @throws java.io.IOException when a local port cannot be bound.
     */
    public fun start() {
        if (started.compareAndSet(false, true)) engine.start()
    }

    /**
     * Suspends until the WebSocket is connected.
     * @throws TunnelHandshakeException when the service refused the handshake for good.
     */
    public suspend fun awaitConnected() {
        val s = state.first { it != TunnelState.CONNECTING }
        if (s == TunnelState.CLOSED) throw failure.value ?: error("the tunnel is closed")
    }

    /** A Java view running callbacks on [executor] (a thread of the view's own when `null`). */
    @JvmOverloads
    public fun asJava(executor: Executor? = null): SecureTunnelJava = SecureTunnelJava(this, executor, job)

    /** Stops the tunnel: closes the WebSocket, the listeners and every carried connection. */
    override fun close() {
        stateFlow.value = TunnelState.CLOSED
        engine.close()
        scope.cancel()
    }
}
