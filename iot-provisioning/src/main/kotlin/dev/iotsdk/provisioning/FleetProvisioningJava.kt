@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.provisioning

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.java.JavaView
import java.util.concurrent.CompletableFuture

/**
 * The Java view of [FleetProvisioning] (from [FleetProvisioning.asJava]): each call returns a `CompletableFuture`
 * completed on an SDK thread, exceptionally with a [FleetProvisioningException]; cancelling the future cancels
 * provisioning.
 *
 * ```java
 * ProvisionedDevice device = provisioning.asJava().connectOrProvision().get();
 * device.getClient().asJava().publish("telemetry", payload, Qos.AT_LEAST_ONCE).get();
 * ```
 */
public class FleetProvisioningJava internal constructor(
    /** The Kotlin flow behind this view. */
    public val provisioning: FleetProvisioning,
) {
    /**
     * Futures only: no callback ever runs, so the view never starts a thread; [FleetProvisioning] holds nothing open
     * between calls, so there is nothing to close either (each call cleans up after itself, also when cancelled).
     */
    private val view = JavaView("iotsdk-fleet-provisioning-java-view", null)

    /** See [FleetProvisioning.provision]. */
    public fun provision(): CompletableFuture<ProvisionedDevice> = view.future { provisioning.provision() }

    /** See [FleetProvisioning.connectOrProvision]. */
    public fun connectOrProvision(): CompletableFuture<ProvisionedDevice> = view.future {
        provisioning.connectOrProvision()
    }

    override fun toString(): String = "FleetProvisioningJava($provisioning)"
}
