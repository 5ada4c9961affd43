package dev.iotsdk.samples.sessions;

import dev.iotsdk.core.Acknowledgement;
import dev.iotsdk.core.IncomingOverflow;
import dev.iotsdk.core.IotMqttClient;
import dev.iotsdk.core.IotMqttClientConfig;
import dev.iotsdk.core.IotMqttClientJava;
import dev.iotsdk.core.MqttMessage;
import dev.iotsdk.core.MqttSubscription;
import dev.iotsdk.core.Qos;
import dev.iotsdk.samples.SampleTarget;
import dev.iotsdk.samples.Transcript;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The reliable-orders sample through the Java view: each order is acknowledged after it is processed, so the order
 * the device had received but not processed when it "crashed" is delivered again after the restart.
 */
public final class ReliableOrdersJava {
    private ReliableOrdersJava() {
    }

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        try (SampleTarget target = SampleTarget.fromArgs(args, "orders-device-java")) {
            out.say("ReliableOrdersJava against " + target.describe() + ", thing '" + target.getThingName() + "'");
            String topic = "orders/" + target.getThingName();
            IotMqttClientConfig config = target.config(target.getThingName()).toBuilder()
                .cleanStart(false)
                .sessionExpiry(Duration.ofHours(1))
                .build();
            try (IotMqttClientJava shop = target.client(target.getThingName() + "-shop").asJava()) {
                shop.connect().get(20, TimeUnit.SECONDS);
                LinkedBlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
                // only the client is closed at the "crash": closing the subscription would acknowledge order-3
                try (IotMqttClientJava device = IotMqttClient.create(config).asJava()) {
                    open(device, topic, received);
                    for (int i = 0; i < 4; i++) {
                        shop.publish(MqttMessage.text(topic, "order-" + i, Qos.AT_LEAST_ONCE)).get(10, TimeUnit.SECONDS);
                    }
                    for (int i = 0; i < 3; i++) {
                        MqttMessage order = received.poll(30, TimeUnit.SECONDS);
                        out.say("processed " + order.payloadAsString());
                        order.acknowledge();
                    }
                    MqttMessage unprocessed = received.poll(30, TimeUnit.SECONDS);
                    out.say("received " + unprocessed.payloadAsString() + ", then the device crashed before processing it");
                }
                for (int i = 4; i < 6; i++) {
                    shop.publish(MqttMessage.text(topic, "order-" + i, Qos.AT_LEAST_ONCE)).get(10, TimeUnit.SECONDS);
                }
                out.say("two orders were sent while the device was down");
                LinkedBlockingQueue<MqttMessage> again = new LinkedBlockingQueue<>();
                try (IotMqttClientJava device = IotMqttClient.create(config).asJava();
                     MqttSubscription orders = open(device, topic, again)) {
                    for (int i = 0; i < 3; i++) {
                        MqttMessage order = again.poll(30, TimeUnit.SECONDS);
                        out.say("after the restart: processed " + order.payloadAsString());
                        order.acknowledge();
                    }
                }
            }
        }
    }

    /**
     * Opens the manual subscription before connecting (the call registers it before it returns), so the orders the
     * broker kept for the session, which arrive right after the CONNACK, have a subscription waiting for them.
     */
    private static MqttSubscription open(IotMqttClientJava device, String topic, LinkedBlockingQueue<MqttMessage> into)
        throws Exception {
        CompletableFuture<MqttSubscription> opening = device.openSubscription(
            topic, Qos.AT_LEAST_ONCE, into::add, null, IncomingOverflow.DROP_QOS0, Acknowledgement.MANUAL);
        device.connect().get(20, TimeUnit.SECONDS);
        return opening.get(20, TimeUnit.SECONDS);
    }
}
