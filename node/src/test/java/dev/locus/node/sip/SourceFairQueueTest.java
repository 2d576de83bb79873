package dev.locus.node.sip;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceFairQueueTest {

    @Test
    void aSourceHoldingItsShareIsRefusedWhileAnotherSourceStillFindsRoom() {
        SourceFairQueue<String, String> queue = new SourceFairQueue<>(10, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(queue.offer("flooder", () -> "f")).isTrue();
        }
        assertThat(queue.offer("flooder", () -> "f")).isFalse();
        assertThat(queue.offer("flooder", () -> "f")).isFalse();
        assertThat(queue.offer("phone", () -> "p")).isTrue();
        assertThat(queue.refused()).isEqualTo(2);
        assertThat(queue.size()).isEqualTo(4);
    }

    @Test
    void whenTheQueueIsFullEverySourceIsRefusedAndCounted() {
        SourceFairQueue<String, String> queue = new SourceFairQueue<>(4, 2);
        queue.offer("a", () -> "a1");
        queue.offer("a", () -> "a2");
        queue.offer("b", () -> "b1");
        queue.offer("b", () -> "b2");
        assertThat(queue.offer("c", () -> "c1")).isFalse();
        assertThat(queue.remainingCapacity()).isZero();
        assertThat(queue.refused()).isEqualTo(1);
    }

    @Test
    void aRefusedItemIsNeverMade() {
        SourceFairQueue<String, String> queue = new SourceFairQueue<>(2, 1);
        queue.offer("a", () -> "a1");
        assertThat(queue.offer("a", () -> {
            throw new AssertionError("a refused item must not be copied");
        })).isFalse();
    }

    @Test
    void sourcesAreServedInTurnEachInItsOwnArrivalOrder() throws InterruptedException {
        SourceFairQueue<String, String> queue = new SourceFairQueue<>(100, 50);
        for (int i = 1; i <= 4; i++) {
            int n = i;
            queue.offer("flooder", () -> "f" + n);
        }
        queue.offer("phone", () -> "p1");
        queue.offer("proxy", () -> "x1");
        queue.offer("phone", () -> "p2");

        List<String> order = new ArrayList<>();
        while (queue.size() > 0) {
            order.add(queue.take());
        }
        // The probe that came after four flood items is the second one served, not the fifth.
        assertThat(order).containsExactly("f1", "p1", "x1", "f2", "p2", "f3", "f4");
    }

    @Test
    void takingFreesTheSourcesShare() throws InterruptedException {
        SourceFairQueue<String, String> queue = new SourceFairQueue<>(10, 1);
        queue.offer("a", () -> "a1");
        assertThat(queue.offer("a", () -> "a2")).isFalse();
        assertThat(queue.take()).isEqualTo("a1");
        assertThat(queue.offer("a", () -> "a3")).isTrue();
        assertThat(queue.peek()).isEqualTo("a3");
        assertThat(queue.poll()).isEqualTo("a3");
        assertThat(queue.poll()).isNull();
    }

    @Test
    void takeWaitsForAnItemAndPollGivesUpAfterItsTimeout() throws InterruptedException {
        SourceFairQueue<String, String> queue = new SourceFairQueue<>(10, 5);
        assertThat(queue.poll(20, TimeUnit.MILLISECONDS)).isNull();

        AtomicReference<String> taken = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread taker = new Thread(() -> {
            try {
                taken.set(queue.take());
                done.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        taker.start();
        queue.offer("a", () -> "a1");
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(taken.get()).isEqualTo("a1");
    }

    @Test
    void aWaitingTakerIsWokenByAnInterrupt() throws InterruptedException {
        SourceFairQueue<String, String> queue = new SourceFairQueue<>(10, 5);
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread taker = new Thread(() -> {
            try {
                queue.take();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        taker.start();
        taker.interrupt();
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aShareLargerThanTheQueueIsRefused() {
        assertThatThrownBy(() -> new SourceFairQueue<>(10, 11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SourceFairQueue<>(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
