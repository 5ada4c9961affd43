package dev.iotsdk.benchmarks.clients

import java.util.concurrent.CopyOnWriteArrayList

/**
 * Per-filter callbacks for a library with one message callback per connection (Paho, the AWS CRT client): each
 * message goes to the callback of every subscribed filter it matches, so a connection can hold several subscriptions
 * with different callbacks, as the slow-fast workload needs.
 */
internal class CallbackTable {
    private val entries = CopyOnWriteArrayList<Pair<List<String>, (String, ByteArray) -> Unit>>()

    fun add(filter: String, onMessage: (String, ByteArray) -> Unit) {
        entries += filter.split('/') to onMessage
    }

    fun dispatch(topic: String, payload: ByteArray) {
        val levels = topic.split('/')
        for ((filter, onMessage) in entries) if (matches(filter, levels)) onMessage(topic, payload)
    }

    /** MQTT filter matching: `#` matches the rest (including nothing), `+` one level. */
    private fun matches(filter: List<String>, topic: List<String>): Boolean {
        val multi = filter.last() == "#"
        val levels = if (multi) filter.size - 1 else filter.size
        val sizeFits = if (multi) topic.size >= levels else topic.size == levels
        return sizeFits && (0 until levels).all { filter[it] == "+" || filter[it] == topic[it] }
    }
}
