package org.accessctl.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.accessctl.core.Event;
import org.accessctl.mqtt.DirectoryIndex;
import org.accessctl.mqtt.MqttLink;
import org.accessctl.mqtt.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the broker sends, on its way to the door loop: what the door subscribes to, and where each
 * message goes. Runs on Paho's thread and never waits for the door: records are spooled, index
 * pages kept, and commands queued up to {@link #COMMANDS_WAITING}; a command is acknowledged to
 * the broker only once the loop has handled it.
 */
final class BrokerInbound implements MqttLink.Inbound {

    private static final Logger log = LoggerFactory.getLogger(BrokerInbound.class);
    /** Commands waiting for the door loop, at most; more are dropped unread. */
    static final int COMMANDS_WAITING = 64;

    /** What the broker link does on a connect besides subscribing: the outbox, retained configs. */
    interface OnConnect {
        void connected();

        /** The first marker is back: the retained burst the outbox waits out is over. */
        void burstOver();
    }

    private final Topics topics;
    private final DoorLoop loop;
    private final RecordFeed feed;
    private final ListedRecords listed;
    private final CommandIntake commands;
    private final OnConnect onConnect;
    private final AtomicInteger commandsWaiting = new AtomicInteger();
    private final AtomicLong commandsDropped = new AtomicLong();

    BrokerInbound(Topics topics, DoorLoop loop, RecordFeed feed, ListedRecords listed, CommandIntake commands,
                  OnConnect onConnect) {
        this.topics = topics;
        this.loop = loop;
        this.feed = feed;
        this.listed = listed;
        this.commands = commands;
        this.onConnect = onConnect;
    }

    /**
     * Records at QoS 0: a stock broker queues at most 1,000 QoS 1 messages for a client and drops
     * the rest of a large retained set; QoS 0 it sends as fast as the connection takes them, and
     * the sync's second pass asks for anything lost. The directory's index first: its 512 pages
     * fit any queue, ahead of the records' burst, then the schedules: a site has a few dozen.
     */
    static MqttLink.Subscription[] subscriptions(Topics topics) {
        return new MqttLink.Subscription[] {
                new MqttLink.Subscription(DirectoryIndex.pageFilter(topics.personnelPrefix()), 0),
                new MqttLink.Subscription(DirectoryIndex.pageFilter(topics.visitsPrefix()), 0),
                new MqttLink.Subscription(topics.schedulesFilter(), 0),
                new MqttLink.Subscription(topics.personnelFilter(), 0),
                new MqttLink.Subscription(topics.visitsFilter(), 0),
                new MqttLink.Subscription(topics.synced(), 0),
                new MqttLink.Subscription(topics.commands(), 1)};
    }

    @Override
    public void message(MqttLink.Delivery d) {
        if (d.topic().equals(topics.commands())) {
            command(d);
        } else if (listed.isPage(d.topic())) {
            listed.page(d.topic(), d.payload());
        } else if (d.topic().equals(topics.synced())) {
            if (d.payload().length > 0) {
                feed.spool(RecordSpool.Kind.SYNCED, d.topic(), d.payload());
                loop.wake();
            }
        } else {
            feed.spool(RecordSpool.Kind.RECORD, d.topic(), d.payload());
            loop.wake();
        }
    }

    @Override
    public void connected() {
        onConnect.connected();
    }

    @Override
    public void syncStarting(String mark) {
        listed.clear();
        feed.spool(RecordSpool.Kind.SYNC_START, "", mark.getBytes(StandardCharsets.UTF_8));
        loop.wake();
    }

    @Override
    public void syncMarker(String marker) {
        onConnect.burstOver();
        feed.spool(RecordSpool.Kind.SYNC_MARKER, "", marker.getBytes(StandardCharsets.UTF_8));
        loop.wake();
    }

    /**
     * A command goes to the loop ahead of records. A token its bytes alone refuse (junk, retained,
     * stale) is checked here, and once this minute's refusals are logged it is only counted: a
     * flood of junk never reaches the loop. Beyond {@link #COMMANDS_WAITING} waiting, the rest
     * are dropped unread (acknowledged, so the broker does not send them again); an operator
     * whose command was among them hears no answer, and the door did nothing.
     */
    private void command(MqttLink.Delivery d) {
        java.util.Optional<org.accessctl.command.Rejection> early = commands.screen(d.payload(), d.retained(), d.live());
        if (early.isPresent() && !commands.worthLogging(early.get())) {
            d.ack().run(); // refused by its bytes alone, past this minute's limit: only counted
            return;
        }
        if (commandsWaiting.incrementAndGet() > COMMANDS_WAITING) {
            commandsWaiting.decrementAndGet();
            early.ifPresent(commands::dropped);
            d.ack().run();
            long n = commandsDropped.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                log.warn("{} commands dropped unread: more than {} waited for the door", n, COMMANDS_WAITING);
            }
            return;
        }
        loop.submitUrgent(new DoorLoop.Task() {
            @Override
            public List<Event> run(Instant now) {
                return early.isPresent() ? commands.refusedOnArrival(early.get(), now)
                        : commands.apply(d.payload(), d.retained(), d.live(), now);
            }

            @Override
            public void finished(boolean committed) {
                commandsWaiting.decrementAndGet();
                d.ack().run();
            }
        });
    }
}
