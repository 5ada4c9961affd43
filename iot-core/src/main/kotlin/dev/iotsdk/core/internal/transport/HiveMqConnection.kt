package dev.iotsdk.core.internal.transport

import com.hivemq.client.mqtt.datatypes.MqttTopic
import io.reactivex.disposables.Disposable
import io.reactivex.disposables.Disposables
import kotlinx.coroutines.future.await
import java.util.concurrent.CompletableFuture

/**
 * What the MQTT 5 and MQTT 3.1.1 connections share: sending DISCONNECT through the HiveMQ client and releasing the
 * ALPN relay (if any) once it is written, registering for incoming messages only when some can come, and letting go
 * of everything once the connection has ended.
 *
 * A clean session receives nothing before its first SUBSCRIBE, so the incoming-message flow (HiveMQ keeps a
 * 128-entry buffer per flow) is registered by the first [ensureReceiving], which `subscribe` calls before sending;
 * a resumed session ([receiving] not null) registered it before CONNECT.
 *
 * The flow is disposed when the connection is closed. HiveMQ keeps a client's session (and the flows registered on
 * it, and with them its Netty event loop and threads) for 1.1 × the session expiry after a disconnect, in case the
 * same client object reconnects; ours never does (each connection is a new client object), so without disposing
 * every persistent-session connection would keep its flow, its buffer and the shared event loop for an hour, and a
 * program would not exit when it closed its last client. For the same reason what is still in flight then is
 * cancelled ([InFlightOperations]).
 */
internal abstract class HiveMqConnection(private val relay: AlpnTlsRelay?, receiving: Disposable?) :
    InFlightOperations(),
    MqttConnection {
    /** Sends DISCONNECT through the HiveMQ client. */
    protected abstract fun sendDisconnect(): CompletableFuture<Void>

    /** Registers the incoming-message flow with the HiveMQ client; disposing the result unregisters it. */
    protected abstract fun startReceiving(): Disposable

    /** The registered flow; null before the first [ensureReceiving], [STOPPED] once closed. */
    @Volatile private var receiving: Disposable? = receiving

    /** The topic of the last publish, converted once: a device usually publishes to a few topics over and over. */
    @Volatile private var lastTopic: ConvertedTopic? = null

    private class ConvertedTopic(val name: String, val topic: MqttTopic)

    /** [name] as HiveMQ's [MqttTopic], which checks it again: reused while the topic stays the same. */
    protected fun topicOf(name: String): MqttTopic {
        val last = lastTopic
        if (last != null && last.name == name) return last.topic
        return MqttTopic.of(name).also { lastTopic = ConvertedTopic(name, it) }
    }

    /** Registers for incoming messages once; call before anything that makes the broker send some. */
    protected fun ensureReceiving() {
        if (receiving != null) return
        // the monitor is the in-flight list's too (the Netty thread takes it per acknowledgement); registering only
        // hands the flow to HiveMQ, which subscribes it on its event loop, so the lock is never held across I/O
        synchronized(this) {
            if (receiving == null) receiving = startReceiving()
        }
    }

    /**
     * Unregisters the incoming-message flow for good (nothing more is delivered from this connection) and cancels
     * what is still in flight (the sender resends it on the next connection): the HiveMQ client lets go of everything.
     */
    private fun stopReceiving() {
        val flow = synchronized(this) { receiving.also { receiving = STOPPED } }
        if (flow !== STOPPED) flow?.dispose()
        cancelAll()
    }

    override suspend fun disconnect() {
        try {
            sendDisconnect().await()
        } catch (_: Exception) {
            // already gone
        } finally {
            stopReceiving()
            relay?.close()
        }
    }

    override fun closeNow() {
        sendDisconnect().whenComplete { _, _ ->
            stopReceiving()
            relay?.close()
        }
    }

    companion object {
        private val STOPPED: Disposable = Disposables.disposed()

        /**
         * Sends CONNECT ([send]) and awaits the CONNACK. When that fails or the caller is cancelled the attempt is
         * abandoned. HiveMQ 1.4 cannot stop a connect in progress (its `disconnect()` then fails with "not connected",
         * and cancelling its future leaves the socket open until its connect timeout), so: an ALPN relay is closed as
         * soon as HiveMQ's connection reached it, which makes HiveMQ's connect fail at once; and once HiveMQ's connect
         * has completed, a connection it made after all (a CONNACK that came late) is disconnected at once, and only
         * then is the relay's port freed, so HiveMQ can never reach someone else on it.
         * [early], the incoming-message flow a resumed session registered before CONNECT, is disposed then too.
         */
        suspend fun <T : Any> awaitConnAck(
            transport: ConnectionFactory.Transport,
            send: () -> CompletableFuture<T>,
            disconnect: () -> CompletableFuture<Void>,
            early: Disposable?,
        ): T {
            val sent = send()
            transport.handedOver = true
            var connected = false
            try {
                // await a copy: cancelling the wait must not complete HiveMQ's own future before HiveMQ is done
                return sent.thenApply { it }.await().also { connected = true }
            } finally {
                if (!connected) {
                    early?.dispose()
                    abandon(transport, sent, disconnect)
                }
            }
        }

        private fun abandon(
            transport: ConnectionFactory.Transport,
            sent: CompletableFuture<*>,
            disconnect: () -> CompletableFuture<Void>,
        ) {
            runCatching { disconnect() }
            transport.relay?.abandon()
            sent.whenComplete { connAck, _ ->
                val closing = if (connAck != null) runCatching { disconnect() }.getOrNull() else null
                if (closing == null) {
                    transport.relay?.close()
                } else {
                    closing.whenComplete { _, _ -> transport.relay?.close() }
                }
            }
        }
    }
}
