package dev.iotsdk.emulator.internal.runtime

import com.hivemq.embedded.EmbeddedHiveMQ
import com.hivemq.persistence.connection.ConnectionPersistence
import io.netty.channel.Channel
import java.net.InetSocketAddress

/**
 * The few parts of HiveMQ CE's internals the emulator reads, by reflection (HiveMQ's version is pinned, and each
 * caller says what happens when they are not there): the broker's Guice injector, its objects, and their fields.
 * Guice's and Guava's types are not on the emulator's compile classpath, so they are reached reflectively too.
 */
internal object HiveMqInternals {
    /** The broker's instance of [type] (a Guice binding of HiveMQ's). */
    fun <T> instance(broker: EmbeddedHiveMQ, type: Class<T>): T {
        val injector = broker.javaClass.getDeclaredMethod("getInjector").apply { isAccessible = true }
            .invoke(broker) ?: error("the broker has no injector (not started)")
        val instance = injector.javaClass.getMethod("getInstance", Class::class.java).apply { isAccessible = true }
            .invoke(injector, type)
        return type.cast(instance)
    }

    /** The value of [owner]'s private field [name]. */
    inline fun <reified T> field(owner: Any, name: String): T =
        owner.javaClass.getDeclaredField(name).apply { isAccessible = true }.get(owner) as T

    /**
     * The port each of the broker's listeners is bound to, by listener name. A listener HiveMQ could not bind (its
     * port taken) is missing: HiveMQ logs that and starts without it.
     */
    fun boundPorts(broker: EmbeddedHiveMQ): Map<String, Int> {
        val connections = instance(broker, ConnectionPersistence::class.java)
        val channels = field<Map<*, *>>(connections, "serverChannelMap")
        return channels.entries.mapNotNull { (name, channel) ->
            val port = ((channel as? Channel)?.localAddress() as? InetSocketAddress)?.port
            if (name is String && port != null) name to port else null
        }.toMap()
    }
}
