package dev.iotsdk.core.it.durable

import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.DurableQueue
import dev.iotsdk.core.FsyncPolicy
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.it.FAST_RECONNECT
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import java.io.PrintStream
import java.nio.file.Path
import kotlin.time.Duration.Companion.milliseconds

/**
 * The device of [DurableQueueKillTest], run in its own JVM: publishes messages `start until end` (payload: the
 * number) to [TOPIC] through a durable queue in a directory, printing each number once its publish returned, then waits
 * until the queue is empty and prints `DONE`. Args: host, port, directory, start, end, fsync (`message` or millis).
 */
object DurableDevice {
    const val TOPIC = "durable/kill"

    @JvmStatic
    fun main(args: Array<String>) {
        val (host, port, dir, start, end, fsync) = args
        val out = PrintStream(System.out, true)
        val client = IotMqttClient {
            endpoint = host
            this.port = port.toInt()
            connectionType = ConnectionType.Tcp()
            clientId = "durable-device"
            awsIotLimits = false
            reconnect = FAST_RECONNECT
            durableQueue = DurableQueue(
                Path.of(dir),
                fsync = if (fsync ==
                    "message"
                ) {
                    FsyncPolicy.EVERY_MESSAGE
                } else {
                    FsyncPolicy.every(fsync.toLong().milliseconds)
                },
            )
        }
        out.println("READY")
        runBlocking {
            launch { client.connect() }
            for (i in start.toInt() until end.toInt()) {
                client.publish(MqttMessage.text(TOPIC, i.toString()))
                out.println(i)
            }
            while (client.statistics().incompleteOperationCount > 0) delay(5)
            out.println("DONE")
            client.close()
        }
    }

    private operator fun <T> Array<T>.component6(): T = this[5]
}
