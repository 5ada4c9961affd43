package dev.iotsdk.benchmarks

import dev.iotsdk.emulator.mosquitto.MosquittoConfig

/**
 * The broker the MQTT workloads whose speed depends on it run against, once per setting, each against its own broker:
 * mosquitto with two limits on the QoS 1 messages in flight to each client (its receive maximum), or the emulator.
 */
internal enum class BrokerSetting(val id: String, val label: String, val maxInflight: Int, val qos1Window: Int) {
    /** AWS IoT Core grants 100 unacknowledged QoS 1 messages in flight per connection. */
    AWS_IOT("rm100", "receive maximum 100, as AWS IoT", 100, 100),

    /** `max_inflight_messages 0`: no limit from the broker; the harness keeps 1,000 publishes outstanding. */
    UNLIMITED("unlimited", "unlimited in-flight window", 0, 1000),

    /**
     * The emulator's HiveMQ CE, receive maximum 100 both ways: for the slow-fast workload, since mosquitto 2.0.11
     * breaks the client's receive maximum once it queues for a slow client (fixed in 2.0.13). Not run by default.
     */
    EMULATOR("emulator", "iot-emulator's HiveMQ CE, receive maximum 100", 100, 100),
    ;

    /** Starts a broker with this setting. */
    fun start(): BenchBroker = when (this) {
        EMULATOR -> EmulatorBench()
        else -> MosquittoBench(
            MosquittoConfig(tls = true, extraConfig = "max_connections -1", maxInflightMessages = maxInflight),
        )
    }

    companion object {
        /** The settings a run uses unless `--brokers` names others. */
        val DEFAULTS: List<BrokerSetting> = listOf(AWS_IOT, UNLIMITED)

        fun byId(id: String): BrokerSetting = entries.firstOrNull { it.id == id }
            ?: throw IllegalArgumentException("unknown broker '$id'; brokers: ${entries.joinToString { it.id }}")
    }
}

/**
 * [base] run against the broker with [broker]'s setting: its own id (`qos1-throughput@rm100`) and title, and for
 * windowed QoS 1 publishing a window of the broker's receive maximum.
 */
internal class OnBroker(val base: Workload, val broker: BrokerSetting) : Workload by base {
    override val id: String = "${base.id}@${broker.id}"
    override val title: String = "${base.title} (broker: ${broker.label})"

    override fun params(quick: Boolean): Map<String, String> = base.params(quick).let { p ->
        if (base in QOS1_WINDOWED && "window" in p) p + ("window" to broker.qos1Window.toString()) else p
    }

    companion object {
        /** Workloads whose figures depend on the broker's receive maximum. */
        val BROKER_DEPENDENT: Set<Workload> = setOf(Qos1Throughput, Qos0EndToEnd, Qos1RoundTrip, SlowFastSubscribers)
        private val QOS1_WINDOWED: Set<Workload> = setOf(Qos1Throughput, SlowFastSubscribers)

        /** Each broker-dependent workload once per broker setting; the others as they are. */
        fun expand(workloads: List<Workload>, brokers: List<BrokerSetting>): List<Workload> = workloads.flatMap { w ->
            if (w in BROKER_DEPENDENT) brokers.map { OnBroker(w, it) } else listOf(w)
        }
    }
}

/** The broker a workload runs against: its own setting, or AWS IoT's receive maximum. */
internal val Workload.broker: BrokerSetting get() = (this as? OnBroker)?.broker ?: BrokerSetting.AWS_IOT

/** The workload without its broker setting. */
internal val Workload.base: Workload get() = (this as? OnBroker)?.base ?: this
