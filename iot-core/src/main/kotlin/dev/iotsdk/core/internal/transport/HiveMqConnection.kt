package dev.iotsdk.core.internal.transport

import com.hivemq.client.mqtt.datatypes.MqttTopic
import kotlinx.coroutines.future.await
import java.util.concurrent.CompletableFuture
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater

/**
 * What the MQTT 5 and MQTT 3.1.1 connections share: sending DISCONNECT through the HiveMQ client and releasing the
 * ALPN relay (if any) once it is written, and registering for incoming messages only when some can come.
 *
 * A clean session receives nothing before its first SUBSCRIBE, so the incoming-message flow (HiveMQ keeps a
 * 128-entry buffer per flow) is registered by the first [ensureReceiving], which `subscribe` calls before sending;
 * a resumed session ([receiving] true) registered it before CONNECT.
 */
internal abstract class HiveMqConnection(private val relay: AlpnTlsRelay?, receiving: Boolean) : MqttConnection {
    /** Sends DISCONNECT through the HiveMQ client. */
    protected abstract fun sendDisconnect(): CompletableFuture<Void>

    /** Registers the incoming-message flow with the HiveMQ client. */
    protected abstract fun startReceiving()

    @Volatile private var receiving: Int = if (receiving) 1 else 0

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
        if (receiving == 0 && RECEIVING.compareAndSet(this, 0, 1)) startReceiving()
    }

    override suspend fun disconnect() {
        try {
            sendDisconnect().await()
        } catch (_: Exception) {
            // already gone
        } finally {
            relay?.close()
        }
    }

    override fun closeNow() {
        sendDisconnect().whenComplete { _, _ -> relay?.close() }
    }

    private companion object {
        val RECEIVING: AtomicIntegerFieldUpdater<HiveMqConnection> =
            AtomicIntegerFieldUpdater.newUpdater(HiveMqConnection::class.java, "receiving")
    }
}
