package dev.iotsdk.emulator.proxy

import java.io.IOException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.ConcurrentHashMap

/** A local TCP server echoing every byte back; it closes a connection once the client half-closed it. */
class EchoServer : AutoCloseable {
    private val server = ServerSocket().apply { bind(InetSocketAddress(InetAddress.getLoopbackAddress(), 0)) }
    private val sockets = ConcurrentHashMap.newKeySet<Socket>()
    private val threads = ConcurrentHashMap.newKeySet<Thread>()
    val port: Int = server.localPort

    init {
        spawn("echo-accept") {
            while (!server.isClosed) {
                val socket = try {
                    server.accept()
                } catch (e: IOException) {
                    break
                }
                sockets += socket
                spawn("echo-conn") { echo(socket) }
            }
        }
    }

    private fun echo(socket: Socket) {
        socket.use {
            try {
                it.tcpNoDelay = true
                val buffer = ByteArray(8192)
                val input = it.getInputStream()
                val output = it.getOutputStream()
                while (true) {
                    val n = input.read(buffer)
                    if (n < 0) break
                    output.write(buffer, 0, n)
                }
            } catch (e: IOException) {
                // connection reset: done
            }
        }
        sockets -= socket
    }

    private fun spawn(name: String, block: () -> Unit) {
        val thread = Thread({
            try {
                block()
            } finally {
                threads -= Thread.currentThread()
            }
        }, name)
        thread.isDaemon = true
        threads += thread
        thread.start()
    }

    override fun close() {
        server.close()
        sockets.forEach { it.close() }
        ArrayList(threads).forEach { it.join(5_000) }
    }
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
fun deadPort(): Int = ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { it.localPort }
