package dev.iotsdk.emulator.internal.broker

import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation
import io.netty.channel.Channel

/**
 * The Netty channel under a broker connection: the connection's identity is bound to its socket pair
 * ([dev.iotsdk.emulator.internal.ConnectionTable.relayedIdentity]). HiveMQ CE's extension API exposes only the remote
 * address, so the channel is read from the connection's attribute store (a private field of HiveMQ CE 2025.5's
 * implementation).
 */
internal object BrokerChannels {
    fun channelOf(connection: ConnectionInformation): Channel? = try {
        val store = connection.connectionAttributeStore
        val field = store.javaClass.getDeclaredField("channel").apply { isAccessible = true }
        field.get(store) as? Channel
    } catch (ignored: ReflectiveOperationException) {
        null
    }
}
