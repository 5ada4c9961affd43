package dev.iotsdk.core.internal.transport

import kotlinx.coroutines.future.await
import java.util.concurrent.CompletableFuture

/**
 * What the MQTT 5 and MQTT 3.1.1 connections share: sending DISCONNECT through the HiveMQ client and releasing the
 * ALPN relay (if any) once it is written.
 */
internal abstract class HiveMqConnection(
    private val relay: AlpnTlsRelay?,
    private val sendDisconnect: () -> CompletableFuture<Void>,
) : MqttConnection {

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
}
