package dev.iotsdk.benchmarks

import dev.iotsdk.benchmarks.clients.AwsCrtClient
import dev.iotsdk.benchmarks.clients.BenchClient
import dev.iotsdk.benchmarks.clients.ClientSpec
import dev.iotsdk.benchmarks.clients.HiveMqClient
import dev.iotsdk.benchmarks.clients.IotsdkJavaClient
import dev.iotsdk.benchmarks.clients.IotsdkKotlinClient
import dev.iotsdk.benchmarks.clients.PahoClient

/**
 * One client under test: a table row. The headline iotsdk rows are written as users write code: [IOTSDK_JAVA] (the
 * Java view with its default executor) and [IOTSDK_KOTLIN] (a scope on `Dispatchers.Default`);
 * [IOTSDK_KOTLIN_UNCONFINED] is the same Kotlin code on `Dispatchers.Unconfined`, a labelled variant. [HIVEMQ] is the baseline of the MQTT workloads; [AWS_SDK_V2] is an HTTPS
 * (iot-data) client only, run by the data-plane workload, and has no MQTT client to [open].
 */
internal enum class Row(val id: String, val label: String, val open: (ClientSpec) -> BenchClient) {
    IOTSDK_JAVA("iotsdk-java", "iotsdk Java view", ::IotsdkJavaClient),
    IOTSDK_KOTLIN("iotsdk-kotlin", "iotsdk Kotlin, Dispatchers.Default", { IotsdkKotlinClient(it, "default") }),
    IOTSDK_KOTLIN_UNCONFINED(
        "iotsdk-kotlin-unconfined",
        "iotsdk Kotlin, Dispatchers.Unconfined (variant)",
        { IotsdkKotlinClient(it, "unconfined") },
    ),
    HIVEMQ("hivemq", "HiveMQ MQTT Client 1.4.2 (raw, async)", ::HiveMqClient),
    AWS_CRT("aws-crt", "AWS IoT Device SDK v2 1.30.1 (CRT MQTT 5)", ::AwsCrtClient),
    PAHO("paho", "Eclipse Paho MQTT v5 1.2.5 (async)", ::PahoClient),
    AWS_SDK_V2("aws-sdk-v2", "AWS SDK for Java v2 2.41.5 IotDataPlaneClient (sync, Apache HTTP client)", {
        error("aws-sdk-v2 has no MQTT client")
    }),
    ;

    /** The short name used in ratio column headers. */
    val shortName: String get() = when (this) {
        IOTSDK_KOTLIN -> "iotsdk Kotlin"
        IOTSDK_KOTLIN_UNCONFINED -> "iotsdk Unconfined"
        IOTSDK_JAVA -> "iotsdk Java"
        HIVEMQ -> "HiveMQ"
        AWS_CRT -> "CRT"
        PAHO -> "Paho"
        AWS_SDK_V2 -> "AWS SDK v2"
    }

    companion object {
        val BASELINE: Row = HIVEMQ

        /** The rows with an MQTT client: every row but [AWS_SDK_V2]. */
        val MQTT: Set<Row> = entries.toSet() - AWS_SDK_V2

        fun byId(id: String): Row = entries.firstOrNull { it.id == id }
            ?: throw IllegalArgumentException("unknown row '$id'; rows: ${entries.joinToString { it.id }}")
    }
}
