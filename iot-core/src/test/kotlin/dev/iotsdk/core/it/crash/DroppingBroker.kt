package dev.iotsdk.core.it.crash

import java.io.DataInputStream
import java.io.EOFException
import java.io.IOException
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.atomic.AtomicInteger
import kotlin.concurrent.thread

/**
 * A broker that answers every CONNECT with a successful CONNACK (MQTT 3.1.1 or 5, whichever the client spoke) and
 * drops the connection on the first PUBLISH, without acknowledging it: the unlucky moment a connection dies with a
 * QoS 1 message in flight, made certain. With [dropOnPublish] false it keeps the connection and never acknowledges
 * anything: a publish that waits for ever. Listens on a loopback port until closed.
 */
class DroppingBroker(private val dropOnPublish: Boolean = true) : AutoCloseable {
    private val server = ServerSocket(0, 50, InetAddress.getLoopbackAddress())

    /** The port it listens on. */
    val port: Int get() = server.localPort

    /** How many PUBLISH packets it received (and dropped a connection on, if it does). */
    val dropped = AtomicInteger()

    private val acceptor = thread(name = "dropping-broker", isDaemon = true) {
        while (!server.isClosed) {
            val socket = try {
                server.accept()
            } catch (_: IOException) {
                break
            }
            thread(name = "dropping-broker-conn", isDaemon = true) { socket.use(::serve) }
        }
    }

    private fun serve(socket: Socket) {
        val input = DataInputStream(socket.getInputStream())
        val output = socket.getOutputStream()
        try {
            while (true) {
                val type = input.readUnsignedByte() shr 4
                val body = ByteArray(remainingLength(input)).also(input::readFully)
                when (type) {
                    CONNECT -> output.write(if (protocolLevel(body) == 5) CONNACK_5 else CONNACK_3)
                    PUBLISH -> {
                        dropped.incrementAndGet()
                        if (dropOnPublish) return
                    }
                    PINGREQ -> output.write(PINGRESP)
                }
                output.flush()
            }
        } catch (_: EOFException) {
            // the client went away
        } catch (_: IOException) {
            // the client went away
        }
    }

    override fun close() {
        server.close()
        acceptor.join()
    }

    private companion object {
        const val CONNECT = 1
        const val PUBLISH = 3
        const val PINGREQ = 12
        val CONNACK_3 = byteArrayOf(0x20, 2, 0, 0)
        val CONNACK_5 = byteArrayOf(0x20, 3, 0, 0, 0)
        val PINGRESP = byteArrayOf(0xD0.toByte(), 0)

        fun remainingLength(input: DataInputStream): Int {
            var value = 0
            var shift = 0
            while (true) {
                val b = input.readUnsignedByte()
                value = value or ((b and 0x7F) shl shift)
                if (b and 0x80 == 0) return value
                shift += 7
            }
        }

        /** CONNECT's variable header: the protocol name (length-prefixed "MQTT"), then the protocol level. */
        fun protocolLevel(body: ByteArray): Int {
            val nameLength = ((body[0].toInt() and 0xFF) shl 8) or (body[1].toInt() and 0xFF)
            return body[2 + nameLength].toInt()
        }
    }
}
