package dev.iotsdk.core.it.crash

import dev.iotsdk.core.Acknowledgement
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.Qos
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.Paths
import java.nio.file.StandardOpenOption
import kotlin.time.Duration.Companion.hours

/**
 * The device process [ManualAckCrashTest] kills: a persistent session and an [Acknowledgement.MANUAL] subscription;
 * each message is "processed" (its payload appended to a file and forced to disk), printed, and only then
 * acknowledged. Arguments: broker port, client id, output file. Prints `READY` once subscribed.
 */
fun main(args: Array<String>) = runBlocking {
    val (port, id, out) = args
    val client = IotMqttClient {
        endpoint = "127.0.0.1"
        this.port = port.toInt()
        connectionType = ConnectionType.Tcp()
        clientId = id
        cleanStart = false
        sessionExpiry = 1.hours
    }
    // opened before connect(): the messages the broker kept for the session arrive right after the CONNACK, and a
    // message no subscription is listening for yet is acknowledged and gone
    val opening = async(start = CoroutineStart.UNDISPATCHED) {
        client.openSubscription("crash/orders", Qos.AT_LEAST_ONCE, acknowledgement = Acknowledgement.MANUAL)
    }
    client.connect()
    val sub = opening.await()
    val file = FileChannel.open(
        Paths.get(out),
        StandardOpenOption.CREATE,
        StandardOpenOption.WRITE,
        StandardOpenOption.APPEND,
    )
    println("READY")
    sub.messages.collect { message ->
        file.write(ByteBuffer.wrap("${message.payloadAsString()}\n".toByteArray()))
        file.force(false)
        println(message.payloadAsString())
        message.acknowledge()
    }
}
