package dev.iotsdk.samples.dataplane

import dev.iotsdk.auth.DefaultCredentialsProvider
import dev.iotsdk.dataplane.IotDataPlaneClient
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.model.shadow.ShadowState
import dev.iotsdk.model.shadow.desired
import kotlinx.coroutines.runBlocking

/**
 * A companion app (a phone or back-end talking HTTPS only) for a lamp running the shadow state-sync sample.
 *
 * - With arguments `<data-ats endpoint> <region> <thing> <on|off>` it talks to AWS IoT with the default credentials
 *   chain: reads the lamp's shadow, sets `desired.power`, and lists the retained messages.
 * - Without arguments it runs the whole story on an in-process emulator, the lamp included ([dataPlaneTour]).
 *
 * `mvn -q -pl samples exec:java -Dexec.mainClass=dev.iotsdk.samples.dataplane.CompanionApp`
 */
public object CompanionApp {
    /** Runs the app; see the class documentation for the arguments. */
    @JvmStatic
    public fun main(args: Array<String>): Unit = runBlocking {
        if (args.size < 4) {
            IotEmulator.start().use { emulator -> dataPlaneTour(emulator) { println(it) } }
            return@runBlocking
        }
        val (endpointArg, regionArg, thing, power) = args
        IotDataPlaneClient {
            endpoint = endpointArg
            region = regionArg
            credentialsProvider = DefaultCredentialsProvider
        }.use { app ->
            println("shadow of $thing: ${app.getThingShadow(thing).state}")
            val accepted = app.updateThingShadow(thing, ShadowState.desired(Lamp(power = power)))
            println("desired power=$power accepted as version ${accepted.version}; the lamp reports it when it syncs")
            app.listRetainedMessagesPaginated().collect { page -> page.retainedTopics.forEach { println("retained: ${it.topic}") } }
        }
    }
}
