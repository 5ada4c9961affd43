package dev.iotsdk.defender

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe
import java.net.DatagramSocket
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.nio.file.StandardCopyOption

class ProcNetCollectorTest :
    FunSpec({
        fun resource(name: String): Path = Paths.get(checkNotNull(javaClass.getResource("/$name")).toURI())

        test("fixture /proc: listening TCP and UDP ports (IPv4 and IPv6, once each) and established connections") {
            val metrics = ProcNetCollector(resource("proc")).collect()
            metrics.listeningTcpPorts!!.ports.map { it.port } shouldBe listOf(22, 8080)
            metrics.listeningUdpPorts!!.ports.map { it.port } shouldBe listOf(53, 5353)
            metrics.tcpConnections!!.connections.map { "${it.localPort}->${it.remoteAddress}" } shouldBe listOf(
                "22->10.0.2.2:54321",
                "443->10.0.2.5:50000",
                "80->2001:0:0:0:0:0:0:1:58000",
            )
            metrics.tcpConnections!!.total shouldBe 3
            // no baseline yet: network statistics are deltas, so the first report has none
            metrics.networkStats shouldBe null
        }

        test("network statistics are deltas since the previous collect, loopback left out") {
            val root = Files.createTempDirectory("proc")
            Files.createDirectories(root.resolve("net"))
            fun use(from: String) = Files.list(resource(from).resolve("net")).use { files ->
                files.forEach {
                    Files.copy(
                        it,
                        root.resolve("net").resolve(it.fileName.toString()),
                        StandardCopyOption.REPLACE_EXISTING,
                    )
                }
            }
            use("proc")
            val collector = ProcNetCollector(root)
            collector.collect().networkStats shouldBe null
            use("proc-later")
            collector.collect().networkStats shouldBe NetworkStats(4500, 1200, 12, 6)
            use("proc")
            // counters went down (an interface reset): counted from zero, never negative
            collector.collect().networkStats shouldBe NetworkStats(1_050_000, 320_000, 2100, 1550)
        }

        test("a missing /proc (Android 10+ refuses it to apps) leaves the metrics out instead of failing") {
            val metrics = ProcNetCollector(Files.createTempDirectory("empty")).collect()
            metrics.isEmpty shouldBe true
        }

        test("this machine's real /proc shows a ServerSocket, a UDP socket and a connection this test opens") {
            ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { server ->
                DatagramSocket(0, InetAddress.getLoopbackAddress()).use { udp ->
                    Socket(InetAddress.getLoopbackAddress(), server.localPort).use { client ->
                        server.accept().use {
                            val metrics = ProcNetCollector().collect()
                            metrics.listeningTcpPorts!!.ports.map { it.port } shouldContain server.localPort
                            metrics.listeningUdpPorts!!.ports.map { it.port } shouldContain udp.localPort
                            metrics.tcpConnections!!.connections.map { it.remoteAddress } shouldContain
                                "127.0.0.1:${server.localPort}"
                            metrics.tcpConnections!!.connections.map { it.localPort } shouldContain client.localPort
                        }
                    }
                }
            }
        }
    })
