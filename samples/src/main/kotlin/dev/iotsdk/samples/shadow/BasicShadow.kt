package dev.iotsdk.samples.shadow

import dev.iotsdk.samples.SampleOptions
import dev.iotsdk.samples.SampleTarget
import dev.iotsdk.samples.Transcript
import dev.iotsdk.shadow.ShadowClient
import dev.iotsdk.shadow.ShadowEvent
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.intOrNull
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import kotlin.time.Duration.Companion.seconds

/**
 * The v1 SDK's BasicShadow pair: an *updater* changes the desired `property` of the shadow `count` times, a *delta
 * listener* receives each delta and reports the value back (so the delta clears).
 *
 * `--mode updater|listener|both` (default `both`, in one process: required with the embedded emulator, which lives in
 * the process); `--count N` (default 5); plus [SampleTarget]'s connection arguments.
 */
public object BasicShadow {
    /** Runs the sample. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val usage = "${SampleTarget.USAGE}\n$USAGE"
        val own = SampleOptions.parseOrExit(args, usage, setOf("mode", "count"))
        val mode = own.extra("mode") ?: "both"
        if (mode !in
            setOf("updater", "listener", "both")
        ) {
            SampleOptions.usageError("--mode must be updater, listener or both, got '$mode'", usage)
        }
        val count =
            own.extra("count")?.let {
                it.toIntOrNull()?.takeIf { n -> n > 0 }
                    ?: SampleOptions.usageError("--count must be a positive number, got '$it'", usage)
            }
                ?: 5
        val out = Transcript()
        SampleTarget.fromArgs(args, "basic-shadow-thing", USAGE, setOf("mode", "count")).use { target ->
            out.say("BasicShadow ($mode) against ${target.describe()}, thing '${target.thingName}'")
            runBlocking {
                val listenerDone = CompletableDeferred<Unit>()
                val listener = if (mode != "updater") launch { listen(target, count, out, listenerDone) } else null
                if (mode == "listener") return@runBlocking listener!!.join()
                if (listener != null) withTimeout(10.seconds) { listenerReady.await() }
                update(target, count, out)
                if (listener != null) withTimeout(30.seconds) { listenerDone.await() }
                listener?.cancel()
            }
        }
        out.say("done")
    }

    private const val USAGE = """BasicShadow flags:
  --mode <mode>         updater, listener or both (default both; the embedded emulator needs both)
  --count <n>           desired changes the updater makes (default 5)"""

    private val listenerReady = CompletableDeferred<Unit>()

    private suspend fun listen(target: SampleTarget, count: Int, out: Transcript, done: CompletableDeferred<Unit>) {
        target.client("${target.thingName}-listener").use { mqtt ->
            mqtt.connect()
            ShadowClient(mqtt, target.thingName).use { shadow ->
                var seen = 0
                shadow.deltaEvents().collect { event ->
                    when (event) {
                        is ShadowEvent.Subscribed -> listenerReady.complete(Unit)
                        is ShadowEvent.Received -> {
                            val value = event.value.state["property"]?.jsonPrimitive?.intOrNull ?: return@collect
                            out.say("  listener: delta property=$value (version ${event.value.version}); reporting it")
                            shadow.update(reported = buildJsonObject { put("property", value) })
                            if (++seen == count) done.complete(Unit)
                        }
                        is ShadowEvent.Error -> out.say(
                            "  listener: unreadable delta: ${event.cause.message}",
                        )
                        else -> Unit
                    }
                }
            }
        }
    }

    private suspend fun update(target: SampleTarget, count: Int, out: Transcript) {
        target.client("${target.thingName}-updater").use { mqtt ->
            mqtt.connect()
            ShadowClient(mqtt, target.thingName).use { shadow ->
                for (i in 1..count) {
                    val accepted = shadow.update(desired = buildJsonObject { put("property", i) })
                    out.say("updater: desired property=$i accepted, version ${accepted.version}")
                    kotlinx.coroutines.delay(200)
                }
            }
            mqtt.disconnect()
        }
    }
}
