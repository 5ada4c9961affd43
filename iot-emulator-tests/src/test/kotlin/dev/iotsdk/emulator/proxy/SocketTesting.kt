package dev.iotsdk.emulator.proxy

import java.io.IOException
import java.net.InetAddress
import java.net.Socket
import java.net.SocketTimeoutException

/** Connects to `127.0.0.1:[port]` with reads timing out after [readTimeoutMillis]. */
fun connectLocal(port: Int, readTimeoutMillis: Int = 10_000): Socket =
    Socket(InetAddress.getLoopbackAddress(), port).apply {
        soTimeout = readTimeoutMillis
        tcpNoDelay = true
    }

/** Reads exactly [count] bytes, failing on end of stream or on the socket's read timeout. */
fun Socket.readExactly(count: Int): ByteArray {
    val bytes = ByteArray(count)
    var read = 0
    while (read < count) {
        val n = getInputStream().read(bytes, read, count - read)
        if (n < 0) throw IOException("end of stream after $read of $count bytes")
        read += n
    }
    return bytes
}

/** Writes [text] as UTF-8. */
fun Socket.send(text: String) {
    getOutputStream().write(text.toByteArray())
    getOutputStream().flush()
}

/** What a read on a socket ended with. */
enum class ReadOutcome { DATA, END_OF_STREAM, RESET, TIMEOUT }

/** Attempts one read and reports how it ended; bytes read, if any, are discarded. */
fun Socket.readOutcome(): ReadOutcome = try {
    if (getInputStream().read() < 0) ReadOutcome.END_OF_STREAM else ReadOutcome.DATA
} catch (e: SocketTimeoutException) {
    ReadOutcome.TIMEOUT
} catch (e: IOException) {
    ReadOutcome.RESET
}

/** Live threads belonging to any [TcpFaultProxy]. */
fun proxyThreads(): List<Thread> = Thread.getAllStackTraces().keys.filter {
    it.isAlive &&
        it.name.startsWith("tcp-fault-proxy-")
}
