package dev.iotsdk.test.internal

import dev.iotsdk.core.MqttMessage
import dev.iotsdk.test.PublishListener
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.flow
import java.util.concurrent.CopyOnWriteArrayList

/** The fake's record of what the client published, the injected publish failures and the publish listeners. */
internal class FakePublishes {
    private class Failure(val filter: String?, val error: Throwable, var remaining: Int)

    private class Listener(val filter: String, val listener: PublishListener)

    /** Every publish since the client was made; [start] hides those before the last [clear]. */
    private val log = ArrayList<MqttMessage>()
    private var start = 0
    private val count = MutableStateFlow(0)
    private val failures = ArrayList<Failure>()
    private val listeners = CopyOnWriteArrayList<Listener>()

    @Synchronized fun snapshot(): List<MqttMessage> = log.subList(start, log.size).toList()

    @Synchronized fun clear() {
        start = log.size
    }

    @Synchronized fun record(message: MqttMessage) {
        log += message
        count.value = log.size
    }

    /** The recorded publishes from the last [clear] on, then each new one as it is recorded. */
    fun flow(): Flow<MqttMessage> = flow {
        var next = synchronized(this@FakePublishes) { start }
        count.collect { size ->
            while (next < size) emit(synchronized(this@FakePublishes) { log[next++] })
        }
    }

    @Synchronized fun fail(error: Throwable, filter: String?, times: Int) {
        require(times > 0) { "times must be positive" }
        filter?.let { TopicFilters.checkTopicFilter(it) }
        failures += Failure(filter, error, times)
    }

    @Synchronized fun clearFailures() = failures.clear()

    /** The failure for a publish to [topic], if one is set (counting it down). */
    @Synchronized fun failureFor(topic: String): Throwable? {
        val failure =
            failures.firstOrNull { it.filter == null || TopicFilters.matches(it.filter, topic) } ?: return null
        if (--failure.remaining == 0) failures.remove(failure)
        return failure.error
    }

    fun listen(filter: String, listener: PublishListener): AutoCloseable {
        TopicFilters.checkTopicFilter(filter)
        val entry = Listener(filter, listener)
        listeners += entry
        return AutoCloseable { listeners.remove(entry) }
    }

    fun notifyListeners(message: MqttMessage) {
        listeners.forEach { if (TopicFilters.matches(it.filter, message.topic)) it.listener.onPublish(message) }
    }
}
