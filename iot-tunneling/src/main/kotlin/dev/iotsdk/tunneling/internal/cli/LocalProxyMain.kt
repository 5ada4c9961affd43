package dev.iotsdk.tunneling.internal.cli

import dev.iotsdk.tunneling.SecureTunnel
import dev.iotsdk.tunneling.TunnelState
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlin.system.exitProcess

/**
 * `java -jar iot-tunneling-<version>-all.jar ...`: runs a local proxy ([LocalProxyArgs]) until the process is stopped
 * (Ctrl-C) or the service refuses the access token (exit code 2).
 */
internal object LocalProxyMain {
    @JvmStatic
    fun main(args: Array<String>) {
        val config = try {
            LocalProxyArgs.parse(args, System::getenv)
        } catch (e: IllegalArgumentException) {
            System.err.println(e.message)
            System.err.println(LocalProxyArgs.USAGE)
            exitProcess(1)
        }
        val tunnel = SecureTunnel(config)
        Runtime.getRuntime().addShutdownHook(Thread { tunnel.close() })
        tunnel.start()
        tunnel.localPorts.value.forEach { (service, port) ->
            println("listening for ${service.ifEmpty { "the tunnel" }} on localhost:$port")
        }
        runBlocking {
            tunnel.state.first { it == TunnelState.CLOSED }
        }
        System.err.println("tunnel closed: ${tunnel.failure.value?.message ?: "stopped"}")
        exitProcess(2)
    }
}
