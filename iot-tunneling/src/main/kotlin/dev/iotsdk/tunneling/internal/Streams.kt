package dev.iotsdk.tunneling.internal

import java.util.concurrent.ConcurrentHashMap

/**
 * The streams and connections of one tunnel WebSocket session: per service id its active stream id and that
 * stream's open connections. Messages for a stream id other than the active one are stale (LP guides).
 */
internal class Streams {
    private val active = ConcurrentHashMap<String, Int>()
    private val connections = ConcurrentHashMap<Pair<String, Int>, LocalConnection>()

    fun activeStream(service: String): Int? = active[service]

    fun setActive(service: String, stream: Int) {
        active[service] = stream
    }

    fun connection(service: String, connectionId: Int): LocalConnection? = connections[service to connectionId]

    /** Registers [c]; `false` when its connection id is taken. */
    fun add(c: LocalConnection): Boolean = connections.putIfAbsent(c.serviceId to c.connectionId, c) == null

    fun remove(c: LocalConnection): Boolean = connections.remove(c.serviceId to c.connectionId, c)

    /**
     * Forgets every connection of [service] and its active stream, and closes them; [graceful] (the peer reset the
     * stream) first writes out what each had received ([LocalConnection.finish]).
     */
    fun resetService(service: String, graceful: Boolean = false) {
        active.remove(service)
        connections.values.filter { it.serviceId == service }.forEach {
            remove(it)
            if (graceful) it.finish() else it.close()
        }
    }

    fun connectionsOf(service: String): Int = connections.keys.count { it.first == service }

    /** Closes everything (the WebSocket is gone: every stream is invalid). */
    fun closeAll() {
        active.clear()
        connections.values.forEach { it.close() }
        connections.clear()
    }
}
