<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>ParameterHelp</name>
    <message>
        <location filename="../model/config/config.cpp" line="146"/>
        <source>Directory holding the dataset&apos;s IDX files. Empty: $CSAE_DATA, the project&apos;s data/, then /usr/share/datasets.</source>
        <translation>Verzeichnis mit den Dateien des Datensatzes. Leer: $CSAE_DATA, das data/ des Projekts, dann /usr/share/datasets.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="157"/>
        <source>Use only the first N training samples (0: all).</source>
        <translation>Nur die ersten N Trainingsbeispiele verwenden (0: alle).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="160"/>
        <source>Use only the first N test samples (0: all).</source>
        <translation>Nur die ersten N Testbeispiele verwenden (0: alle).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="142"/>
        <source>Which dataset to train on: images (rate-coded) or DVS gesture events (synthetic-gestures: the built-in demo, generated on first use).</source>
        <translation>Datensatz für das Training: Bilder (ratenkodiert) oder DVS-Gesten-Ereignisse (synthetic-gestures: die eingebaute Demo, beim ersten Gebrauch erzeugt).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="164"/>
        <source>DVS input: side of the grid the 128 x 128 sensor is downsampled to (seed: 28).</source>
        <translation>DVS-Eingabe: Seitenlänge des Rasters, auf das der 128 x 128-Sensor verkleinert wird (Studie: 28).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="169"/>
        <source>DVS input: width of a time bin in microseconds (seed: 1000); 0 splits the whole gesture into T bins.</source>
        <translation>DVS-Eingabe: Breite eines Zeitfensters in Mikrosekunden (Studie: 1000); 0 teilt die ganze Geste in T Fenster.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="175"/>
        <source>DVS input: ON and OFF events as two channels (split) or one (merge).</source>
        <translation>DVS-Eingabe: ON- und OFF-Ereignisse als zwei Kanäle (split) oder als einer (merge).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="179"/>
        <source>DVS input: clip event counts per bin and pixel to spikes (0/1); off keeps the counts.</source>
        <translation>DVS-Eingabe: Ereignisanzahlen je Zeitfenster und Pixel auf Spikes (0/1) begrenzen; aus: Anzahlen behalten.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="183"/>
        <source>DVS input: where binned samples are cached (and synthetic gestures written when data.root is empty).</source>
        <translation>DVS-Eingabe: wo aufbereitete Beispiele zwischengespeichert werden (und synthetische Gesten entstehen, wenn data.root leer ist).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="193"/>
        <source>sae: the convolutional spiking autoencoder; ae: its non-spiking twin; classifier: the spiking encoder with a class readout (spike-count cross-entropy).</source>
        <translation>sae: der faltende spikende Autoencoder; ae: sein nicht spikender Zwilling; classifier: der spikende Encoder mit einer Klassen-Ausleseschicht (Kreuzentropie auf Spike-Anzahlen).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="199"/>
        <source>Output channels of each encoder convolution.</source>
        <translation>Ausgabekanäle jeder Encoder-Faltung.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="203"/>
        <source>Stride of each encoder convolution (the decoder mirrors them).</source>
        <translation>Schrittweite jeder Encoder-Faltung (der Decoder spiegelt sie).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="207"/>
        <source>Side of every convolution kernel (seed&apos;s best: 7).</source>
        <translation>Seitenlänge jedes Faltungskerns (bester Wert der Studie: 7).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="210"/>
        <source>Neurons in the bottleneck (the embedding).</source>
        <translation>Neuronen im Engpass (die Einbettung).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="214"/>
        <source>Bottleneck recurrence: extra LIF layers recurrent through their membrane (implicit) or a layer whose spikes feed back through learned weights (explicit).</source>
        <translation>Rekurrenz im Engpass: zusätzliche LIF-Schichten, rekurrent über ihr Membranpotential (implizit), oder eine Schicht, deren Spikes über gelernte Gewichte zurückwirken (explizit).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="219"/>
        <source>Membrane decay per step: U[t] = beta U[t-1] + ...</source>
        <translation>Zerfall des Membranpotentials je Schritt: U[t] = beta U[t-1] + ...</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="222"/>
        <source>Membrane potential at which a neuron spikes.</source>
        <translation>Membranpotential, bei dem ein Neuron einen Spike auslöst.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="226"/>
        <source>After a spike, subtract the threshold or set the membrane to zero.</source>
        <translation>Nach einem Spike die Schwelle abziehen oder das Membranpotential auf null setzen.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="230"/>
        <source>seed: U[t] = beta U[t-1] + (1-beta) I[t]; common: U[t] = beta U[t-1] + I[t].</source>
        <translation>seed (Form der Studie): U[t] = beta U[t-1] + (1-beta) I[t]; common (übliche Form): U[t] = beta U[t-1] + I[t].</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="234"/>
        <source>Gradient used in place of the spike&apos;s derivative.</source>
        <translation>Gradient, der anstelle der Ableitung des Spikes verwendet wird.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="237"/>
        <source>Steepness of the surrogate gradient (fast_sigmoid k=25, arctan alpha=2, sigmoid k=5).</source>
        <translation>Steilheit des Ersatzgradienten (fast_sigmoid k=25, arctan alpha=2, sigmoid k=5).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="255"/>
        <source>Learn each layer&apos;s decay beta.</source>
        <translation>Den Zerfall beta jeder Schicht lernen.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="258"/>
        <source>Learn each layer&apos;s threshold.</source>
        <translation>Die Schwelle jeder Schicht lernen.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="261"/>
        <source>Firing rate of a white pixel in Hz (at most 1/dt).</source>
        <translation>Feuerrate eines weißen Pixels in Hz (höchstens 1/dt).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="264"/>
        <source>Firing rate of a black pixel in Hz (at most 1/dt).</source>
        <translation>Feuerrate eines schwarzen Pixels in Hz (höchstens 1/dt).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="267"/>
        <source>Simulation time step in seconds.</source>
        <translation>Zeitschritt der Simulation in Sekunden.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="270"/>
        <source>Time steps T per sample.</source>
        <translation>Zeitschritte T je Beispiel.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="274"/>
        <source>Samples per optimisation step (seed&apos;s best: 64).</source>
        <translation>Beispiele je Optimierungsschritt (bester Wert der Studie: 64).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="277"/>
        <source>Adam learning rate (seed&apos;s best: 1e-4).</source>
        <translation>Lernrate von Adam (bester Wert der Studie: 1e-4).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="281"/>
        <source>Learning rate after the warm-up: constant, or a cosine decay to train.lr_final_fraction of train.lr at the last step.</source>
        <translation>Lernrate nach dem Aufwärmen: konstant oder ein Kosinus-Abfall auf train.lr_final_fraction von train.lr im letzten Schritt.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="286"/>
        <source>Steps of linear learning-rate warm-up from train.lr / warmup_steps to train.lr (0: none).</source>
        <translation>Schritte, in denen die Lernrate linear von train.lr / warmup_steps auf train.lr steigt (0: kein Aufwärmen).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="292"/>
        <source>Cosine schedule: the learning rate at the last step as a fraction of train.lr.</source>
        <translation>Kosinus-Plan: die Lernrate im letzten Schritt als Anteil von train.lr.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="297"/>
        <source>Clip the gradient&apos;s global L2 norm to this value before each step (0: no clipping).</source>
        <translation>Begrenzt die globale L2-Norm des Gradienten vor jedem Schritt auf diesen Wert (0: keine Begrenzung).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="301"/>
        <source>Firing rate the spiking networks&apos; hidden layers are calibrated to before training (the SAE&apos;s output layer: the input&apos;s rate).</source>
        <translation>Feuerrate, auf die die verborgenen Schichten der spikenden Netze vor dem Training kalibriert werden (die Ausgabeschicht des SAE: die Rate der Eingabe).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="307"/>
        <source>Stop when this many test evaluations in a row did not improve the test metric (nRMSE; the classifier: accuracy) by more than train.early_stop_min_delta (0: never stop early).</source>
        <translation>Beendet das Training, wenn sich die Testmetrik (nRMSE; beim Klassifikator: Genauigkeit) so viele Auswertungen in Folge nicht um mehr als train.early_stop_min_delta verbessert hat (0: nie vorzeitig beenden).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="314"/>
        <source>The least change of the test metric that counts as an improvement for early stopping.</source>
        <translation>Die kleinste Änderung der Testmetrik, die für das vorzeitige Beenden als Verbesserung zählt.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="318"/>
        <source>Passes over the training split.</source>
        <translation>Durchläufe über die Trainingsdaten.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="322"/>
        <source>Stop after this many optimisation steps (0: run all epochs).</source>
        <translation>Nach so vielen Optimierungsschritten anhalten (0: alle Epochen).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="326"/>
        <source>Seeds weights, shuffling and spike encoding; equal seeds give equal runs.</source>
        <translation>Startwert für Gewichte, Mischen und Spike-Kodierung; gleiche Startwerte ergeben gleiche Läufe.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="331"/>
        <source>Compute threads (0: $OMP_NUM_THREADS if set, else every core).</source>
        <translation>Rechen-Threads (0: $OMP_NUM_THREADS, falls gesetzt, sonst alle Kerne).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="335"/>
        <source>How the SAE runs its time steps: stepwise (least memory), folded (time folded into the batch; faster at small batches, more memory) or per_timestep (the reference, as Python SNN libraries run it).</source>
        <translation>Wie der SAE seine Zeitschritte rechnet: stepwise (am wenigsten Speicher), folded (Zeit in den Batch gefaltet; schneller bei kleinen Batches, mehr Speicher) oder per_timestep (die Referenz, wie Python-SNN-Bibliotheken rechnen).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="342"/>
        <source>Precision of the products in the stepwise execution&apos;s input gradients (dense convolutions and dense layers): auto (bfloat16 on CPUs with AVX512-BF16 or AMX-BF16, else float32), bfloat16 with float32 sums (faster there, gradients within about 1 % of float32) or float32. Weights, spikes and weight gradients stay float32.</source>
        <translation>Genauigkeit der Produkte in den Eingangsgradienten der schrittweisen Ausführung (dichte Faltungen und dichte Schichten): auto (bfloat16 auf CPUs mit AVX512-BF16 oder AMX-BF16, sonst float32), bfloat16 mit float32-Summen (dort schneller, Gradienten innerhalb von etwa 1 % von float32) oder float32. Gewichte, Spikes und Gewichtsgradienten bleiben float32.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="350"/>
        <source>Where to train: cpu, cuda (needs a CUDA-enabled LibTorch and a GPU), or auto.</source>
        <translation>Wo trainiert wird: cpu, cuda (braucht ein LibTorch mit CUDA und eine GPU) oder auto.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="355"/>
        <source>Training loss: the seed&apos;s nRMSE on spike counts, or plain MSE.</source>
        <translation>Verlustfunktion: der nRMSE der Studie auf Spike-Anzahlen oder einfacher MSE.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="359"/>
        <source>What the SAE reconstructs: spike counts per input channel (per polarity for DVS), the merged count image, the binned input spikes step by step, or (images only) the counts the encoder&apos;s rates predict, T times p, while tests still score the sampled counts.</source>
        <translation>Was der SAE rekonstruiert: Spike-Anzahlen je Eingangskanal (bei DVS je Polarität), das zusammengefasste Anzahlbild, die Eingangs-Spikes Schritt für Schritt oder (nur bei Bildern) die Anzahlen, die die Raten des Kodierers erwarten lassen, T mal p; die Tests bewerten weiterhin die gezogenen Anzahlen.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="365"/>
        <source>Steps between metric rows.</source>
        <translation>Schritte zwischen zwei Messzeilen.</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="369"/>
        <source>Steps between test evaluations (0: at the end of each epoch).</source>
        <translation>Schritte zwischen Testauswertungen (0: am Ende jeder Epoche).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="373"/>
        <source>Steps between checkpoints (0: at the end of each epoch).</source>
        <translation>Schritte zwischen Checkpoints (0: am Ende jeder Epoche).</translation>
    </message>
    <message>
        <location filename="../model/config/config.cpp" line="376"/>
        <source>Also write a TensorBoard log (scalars and reconstructions) to tensorboard/ in the run directory.</source>
        <translation>Zusätzlich ein TensorBoard-Protokoll (Skalare und Rekonstruktionen) nach tensorboard/ im Laufverzeichnis schreiben.</translation>
    </message>
</context>
<context>
    <name>ParameterLabel</name>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="13"/>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="14"/>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="15"/>
        <source>Training samples</source>
        <translation>Trainingsbeispiele</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="16"/>
        <source>Test samples</source>
        <translation>Testbeispiele</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="17"/>
        <source>DVS grid size</source>
        <translation>DVS-Rastergröße</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="18"/>
        <source>DVS time bin (µs)</source>
        <translation>DVS-Zeitfenster (µs)</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="19"/>
        <source>DVS polarity</source>
        <translation>DVS-Polarität</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="20"/>
        <source>DVS counts as spikes</source>
        <translation>DVS-Zählungen als Spikes</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="21"/>
        <source>DVS cache folder</source>
        <translation>DVS-Cache-Ordner</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="22"/>
        <source>Network</source>
        <translation>Netz</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="23"/>
        <source>Channels per layer</source>
        <translation>Kanäle je Schicht</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="24"/>
        <source>Strides per layer</source>
        <translation>Schrittweiten je Schicht</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="25"/>
        <source>Kernel size</source>
        <translation>Kernelgröße</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="26"/>
        <source>Embedding size</source>
        <translation>Einbettungsgröße</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="27"/>
        <source>Recurrence</source>
        <translation>Rekurrenz</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="28"/>
        <source>Membrane decay β</source>
        <translation>Membranzerfall β</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="29"/>
        <source>Threshold</source>
        <translation>Schwelle</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="30"/>
        <source>Reset</source>
        <translation>Rücksetzen</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="31"/>
        <source>LIF form</source>
        <translation>LIF-Form</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="32"/>
        <source>Surrogate gradient</source>
        <translation>Surrogatgradient</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="33"/>
        <source>Surrogate slope</source>
        <translation>Surrogatsteigung</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="34"/>
        <source>Learn β</source>
        <translation>β lernen</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="35"/>
        <source>Learn threshold</source>
        <translation>Schwelle lernen</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="36"/>
        <source>On rate f_on (Hz)</source>
        <translation>Ein-Rate f_on (Hz)</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="37"/>
        <source>Off rate f_off (Hz)</source>
        <translation>Aus-Rate f_off (Hz)</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="38"/>
        <source>Time step Δt (s)</source>
        <translation>Zeitschritt Δt (s)</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="39"/>
        <source>Time steps T</source>
        <translation>Zeitschritte T</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="40"/>
        <source>Batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="41"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="42"/>
        <source>Rate schedule</source>
        <translation>Lernratenverlauf</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="43"/>
        <source>Warm-up steps</source>
        <translation>Aufwärmschritte</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="44"/>
        <source>Final rate fraction</source>
        <translation>Anteil der Endlernrate</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="45"/>
        <source>Gradient clip norm</source>
        <translation>Gradientenbegrenzung (Norm)</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="46"/>
        <source>Calibration rate</source>
        <translation>Kalibrierrate</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="47"/>
        <source>Early-stop patience</source>
        <translation>Geduld (früher Abbruch)</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="48"/>
        <source>Early-stop min. change</source>
        <translation>Mindeständerung (früher Abbruch)</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="49"/>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="50"/>
        <source>Max. steps</source>
        <translation>Max. Schritte</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="51"/>
        <source>Seed</source>
        <translation>Startwert</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="52"/>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="53"/>
        <source>Execution</source>
        <translation>Ausführung</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="54"/>
        <source>Gradient precision</source>
        <translation>Gradientengenauigkeit</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="55"/>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="56"/>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="57"/>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="58"/>
        <source>Log every (steps)</source>
        <translation>Protokoll alle (Schritte)</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="59"/>
        <source>Evaluate every (steps)</source>
        <translation>Auswertung alle (Schritte)</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="60"/>
        <source>Checkpoint every (steps)</source>
        <translation>Checkpoint alle (Schritte)</translation>
    </message>
    <message>
        <location filename="../app/studio/parameter_labels.cpp" line="61"/>
        <source>TensorBoard log</source>
        <translation>TensorBoard-Protokoll</translation>
    </message>
</context>
<context>
    <name>csae::AnalysisFiles</name>
    <message>
        <location filename="../app/studio/analysis_files.cpp" line="26"/>
        <source>%1: cannot open (csae analyse --run DIR --out OUT writes it)</source>
        <translation>%1: kann nicht geöffnet werden (csae analyse --run DIR --out OUT schreibt sie)</translation>
    </message>
    <message>
        <location filename="../app/studio/analysis_files.cpp" line="32"/>
        <source>%1:1: expected the header label,pca_x,pca_y,umap_x,umap_y</source>
        <translation>%1:1: erwartet wird die Kopfzeile label,pca_x,pca_y,umap_x,umap_y</translation>
    </message>
    <message>
        <location filename="../app/studio/analysis_files.cpp" line="47"/>
        <source>%1:%2: not a row of five numbers with a label of 0 or more</source>
        <translation>%1:%2: keine Zeile aus fünf Zahlen mit einem Label ab 0</translation>
    </message>
    <message>
        <location filename="../app/studio/analysis_files.cpp" line="60"/>
        <location filename="../app/studio/analysis_files.cpp" line="110"/>
        <source>%1: cannot open</source>
        <translation>%1: kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../app/studio/analysis_files.cpp" line="66"/>
        <location filename="../app/studio/analysis_files.cpp" line="116"/>
        <source>%1: not a JSON object (%2)</source>
        <translation>%1: kein JSON-Objekt (%2)</translation>
    </message>
    <message>
        <location filename="../app/studio/analysis_files.cpp" line="69"/>
        <location filename="../app/studio/analysis_files.cpp" line="118"/>
        <source>another JSON value</source>
        <translation>ein anderer JSON-Wert</translation>
    </message>
    <message>
        <location filename="../app/studio/analysis_files.cpp" line="77"/>
        <source>%1 samples of %2: kNN probe %3, linear probe %4, trustworthiness PCA %5 / UMAP %6, silhouette %7</source>
        <translation>%1 Beispiele von %2: kNN-Probe %3, lineare Probe %4, Vertrauenswürdigkeit PCA %5 / UMAP %6, Silhouette %7</translation>
    </message>
    <message>
        <location filename="../app/studio/analysis_files.cpp" line="102"/>
        <source>%1: %2 bytes is larger than any field file (at most %3)</source>
        <translation>%1: %2 Bytes sind größer als jede Felddatei (höchstens %3)</translation>
    </message>
    <message>
        <location filename="../app/studio/analysis_files.cpp" line="123"/>
        <source>%1: &quot;%2&quot; %3</source>
        <translation>%1: „%2“ %3</translation>
    </message>
    <message>
        <location filename="../app/studio/analysis_files.cpp" line="136"/>
        <location filename="../app/studio/analysis_files.cpp" line="138"/>
        <source>must be 1-1024</source>
        <translation>muss 1–1024 sein</translation>
    </message>
    <message>
        <location filename="../app/studio/analysis_files.cpp" line="140"/>
        <source>must list 1-3 channel names</source>
        <translation>muss 1–3 Kanalnamen nennen</translation>
    </message>
    <message>
        <location filename="../app/studio/analysis_files.cpp" line="149"/>
        <source>has %1 values, not %2 (channels x height x width)</source>
        <translation>hat %1 Werte, nicht %2 (Kanäle × Höhe × Breite)</translation>
    </message>
    <message>
        <location filename="../app/studio/analysis_files.cpp" line="156"/>
        <source>needs an index of 0 or more, a rate and spikes</source>
        <translation>braucht einen Index ab 0, eine Rate und Spikes</translation>
    </message>
    <message>
        <location filename="../app/studio/analysis_files.cpp" line="168"/>
        <source>do not match kernel_shape [out, in, k, k]</source>
        <translation>passen nicht zu kernel_shape [out, in, k, k]</translation>
    </message>
</context>
<context>
    <name>csae::ConfigPanel</name>
    <message>
        <location filename="../app/studio/config_panel.cpp" line="23"/>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <location filename="../app/studio/config_panel.cpp" line="25"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../app/studio/config_panel.cpp" line="27"/>
        <source>Neurons</source>
        <translation>Neuronen</translation>
    </message>
    <message>
        <location filename="../app/studio/config_panel.cpp" line="29"/>
        <source>Rate coding</source>
        <translation>Ratenkodierung</translation>
    </message>
    <message>
        <location filename="../app/studio/config_panel.cpp" line="30"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../app/studio/config_panel.cpp" line="43"/>
        <source>integer %1</source>
        <translation>Ganzzahl %1</translation>
    </message>
    <message>
        <location filename="../app/studio/config_panel.cpp" line="44"/>
        <source>odd integer %1</source>
        <translation>ungerade Ganzzahl %1</translation>
    </message>
    <message>
        <location filename="../app/studio/config_panel.cpp" line="46"/>
        <source>list of %1 integers %2</source>
        <translation>Liste von %1 Ganzzahlen %2</translation>
    </message>
    <message>
        <location filename="../app/studio/config_panel.cpp" line="49"/>
        <source>real number in %1</source>
        <translation>reelle Zahl in %1</translation>
    </message>
    <message>
        <location filename="../app/studio/config_panel.cpp" line="50"/>
        <source>real number in %1 or null (the surrogate&apos;s default)</source>
        <translation>reelle Zahl in %1 oder null (Standard des Surrogats)</translation>
    </message>
    <message>
        <location filename="../app/studio/config_panel.cpp" line="53"/>
        <source>search path</source>
        <translation>Suchpfad</translation>
    </message>
    <message>
        <location filename="../app/studio/config_panel.cpp" line="54"/>
        <source>directory path (empty: %1)</source>
        <translation>Verzeichnispfad (leer: %1)</translation>
    </message>
    <message>
        <location filename="../app/studio/config_panel.cpp" line="236"/>
        <source>The run is paused: the keys still enabled (learning rate and schedule, clipping, intervals, encoding rates) apply from its next step. Reset the run to change the others.</source>
        <translation>Der Lauf ist pausiert: die noch freigegebenen Schlüssel (Lernrate und Verlauf, Begrenzung, Intervalle, Kodierungsraten) gelten ab seinem nächsten Schritt. Setzen Sie den Lauf zurück, um die anderen zu ändern.</translation>
    </message>
    <message>
        <location filename="../app/studio/config_panel.cpp" line="92"/>
        <source>%1
Allowed: %2
Key: %3</source>
        <translation>%1
Zulässig: %2
Schlüssel: %3</translation>
    </message>
    <message>
        <location filename="../app/studio/config_panel.cpp" line="234"/>
        <source>The run has trained all its steps, so its keys are fixed. Start trains it again from step 1; reset the run first to change its keys.</source>
        <translation>Der Lauf hat alle seine Schritte trainiert, daher stehen seine Schlüssel fest. Start trainiert ihn erneut ab Schritt 1; setzen Sie den Lauf zuerst zurück, um seine Schlüssel zu ändern.</translation>
    </message>
    <message>
        <location filename="../app/studio/config_panel.cpp" line="245"/>
        <source>Fixed: the run has no step left to apply it to. Reset the run to change it.</source>
        <translation>Fest: Dem Lauf bleibt kein Schritt, auf den es wirken könnte. Setzen Sie den Lauf zurück, um es zu ändern.</translation>
    </message>
    <message>
        <location filename="../app/studio/config_panel.cpp" line="246"/>
        <source>Fixed while the run exists: it shapes the network, its data or its randomness. Reset the run to change it.</source>
        <translation>Fest, solange der Lauf besteht: er bestimmt das Netz, seine Daten oder seinen Zufall. Setzen Sie den Lauf zurück, um ihn zu ändern.</translation>
    </message>
    <message>
        <location filename="../app/studio/config_panel.cpp" line="274"/>
        <source>Start is disabled until this is fixed.</source>
        <translation>Starten ist gesperrt, bis dies behoben ist.</translation>
    </message>
</context>
<context>
    <name>csae::EmbeddingAnalysis</name>
    <message>
        <location filename="../app/bridge/snapshot_builder.cpp" line="109"/>
        <source>step %1, %2 test samples: kNN probe %3, linear probe %4, trustworthiness PCA %5 / UMAP %6, silhouette %7</source>
        <translation>Schritt %1, %2 Testbeispiele: kNN-Probe %3, lineare Probe %4, Vertrauenswürdigkeit PCA %5 / UMAP %6, Silhouette %7</translation>
    </message>
</context>
<context>
    <name>csae::MainWindow</name>
    <message>
        <location filename="../app/studio/main_window.cpp" line="47"/>
        <source>csae-studio</source>
        <translation>csae-studio</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="55"/>
        <source>epoch %p%</source>
        <translation>Epoche %p%</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="58"/>
        <source>run %p%</source>
        <translation>Lauf %p%</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="61"/>
        <source>Learning rate of the last step (train.lr, train.schedule, train.warmup_steps)</source>
        <translation>Lernrate des letzten Schritts (train.lr, train.schedule, train.warmup_steps)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="68"/>
        <source>Loading the model…</source>
        <translation>Modell wird geladen…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="70"/>
        <source>Loading the checkpoint and its data, then evaluating it for the views</source>
        <translation>Checkpoint und Daten werden geladen und für die Ansichten ausgewertet</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="75"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="76"/>
        <source>Stop loading: the views and the run stay as they were</source>
        <translation>Laden abbrechen: Ansichten und Lauf bleiben, wie sie waren</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="98"/>
        <source>Test accuracy %L1 % at step %2</source>
        <translation>Testgenauigkeit %L1 % bei Schritt %2</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="112"/>
        <source>Checkpoint saved to %1</source>
        <translation>Checkpoint in %1 gespeichert</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="114"/>
        <source>TensorBoard log: %1</source>
        <translation>TensorBoard-Protokoll: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="178"/>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="183"/>
        <location filename="../app/studio/main_window_export.cpp" line="20"/>
        <source>Input spikes</source>
        <translation>Eingangs-Spikes</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="184"/>
        <location filename="../app/studio/main_window_export.cpp" line="20"/>
        <source>Reconstructions</source>
        <translation>Rekonstruktionen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="186"/>
        <location filename="../app/studio/main_window_export.cpp" line="20"/>
        <source>Kernels</source>
        <translation>Kernel</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="188"/>
        <location filename="../app/studio/main_window_export.cpp" line="21"/>
        <source>Hidden activity</source>
        <translation>Verborgene Aktivität</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="192"/>
        <location filename="../app/studio/main_window_export.cpp" line="21"/>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="194"/>
        <location filename="../app/studio/main_window_export.cpp" line="21"/>
        <source>Classifier</source>
        <translation>Klassifikator</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="200"/>
        <source>Studies</source>
        <translation>Studien</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="204"/>
        <source>Embedding</source>
        <translation>Einbettung</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="209"/>
        <source>Embedding test samples with the current model…</source>
        <translation>Testbeispiele werden mit dem aktuellen Modell eingebettet…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="217"/>
        <source>Embedded %1 test samples at step %2</source>
        <translation>%1 Testbeispiele bei Schritt %2 eingebettet</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="222"/>
        <source>Embedding failed: %1</source>
        <translation>Einbettung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="225"/>
        <source>Receptive fields</source>
        <translation>Rezeptive Felder</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="232"/>
        <source>Computing the receptive fields of %1 with the current model…</source>
        <translation>Rezeptive Felder von %1 werden mit dem aktuellen Modell berechnet…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="239"/>
        <source>Receptive fields of %1 over %2 test samples</source>
        <translation>Rezeptive Felder von %1 über %2 Testbeispiele</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="248"/>
        <source>Receptive fields failed: %1</source>
        <translation>Rezeptive Felder fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="253"/>
        <source>Showing test sample %1 in the other views</source>
        <translation>Testbeispiel %1 wird in den anderen Ansichten gezeigt</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="267"/>
        <source>Study: %1</source>
        <translation>Studie: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="273"/>
        <source>The study has finished</source>
        <translation>Die Studie ist abgeschlossen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="275"/>
        <source>The study stopped; Run a study again with the same folder resumes it</source>
        <translation>Die Studie wurde angehalten; erneutes „Studie ausführen“ mit demselben Ordner setzt sie fort</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="277"/>
        <source>The study failed</source>
        <translation>Die Studie ist fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="278"/>
        <source>csae study run ended with status %1</source>
        <translation>csae study run endete mit Status %1</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="290"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="291"/>
        <source>&amp;Open session…</source>
        <translation>Sitzung ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="293"/>
        <source>&amp;Save session…</source>
        <translation>Sitzung &amp;speichern…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="296"/>
        <source>Start from &amp;preset</source>
        <translation>Von &amp;Voreinstellung starten</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="306"/>
        <source>(cannot read presets: %1)</source>
        <translation>(Voreinstellungen nicht lesbar: %1)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="310"/>
        <source>Save &amp;checkpoint…</source>
        <translation>&amp;Checkpoint speichern…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="310"/>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="311"/>
        <source>&amp;Load checkpoint…</source>
        <translation>Checkpoint &amp;laden…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="311"/>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="312"/>
        <source>Open &amp;run directory…</source>
        <translation>&amp;Laufverzeichnis öffnen…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="312"/>
        <source>Ctrl+Shift+D</source>
        <translation>Ctrl+Shift+D</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="313"/>
        <source>Co&amp;mpare with run…</source>
        <translation>Mit Lauf &amp;vergleichen…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="314"/>
        <source>Compare with run directory</source>
        <translation>Mit Laufverzeichnis vergleichen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="319"/>
        <source>Clear compared runs</source>
        <translation>Verglichene Läufe entfernen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="320"/>
        <source>Open s&amp;tudy…</source>
        <translation>S&amp;tudie öffnen…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="320"/>
        <source>Ctrl+Shift+Y</source>
        <translation>Ctrl+Shift+Y</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="321"/>
        <source>&amp;Run a study…</source>
        <translation>Studie &amp;ausführen…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="322"/>
        <source>Stop the study</source>
        <translation>Studie anhalten</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="324"/>
        <source>Open &amp;analysis (csae analyse)…</source>
        <translation>&amp;Analyse öffnen (csae analyse)…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="325"/>
        <source>Open r&amp;ecent</source>
        <translation>Zu&amp;letzt geöffnet</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="329"/>
        <source>&amp;Export view as PNG or PDF…</source>
        <translation>Ansicht als PNG oder PDF &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="329"/>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="331"/>
        <source>Export &amp;metrics as CSV…</source>
        <translation>&amp;Metriken als CSV exportieren…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="333"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="335"/>
        <source>&amp;Run</source>
        <translation>&amp;Training</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="336"/>
        <location filename="../app/studio/main_window_runs.cpp" line="436"/>
        <source>Run</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="359"/>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="359"/>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="359"/>
        <source>Train with the current configuration</source>
        <translation>Mit der aktuellen Konfiguration trainieren</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="362"/>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="362"/>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="362"/>
        <source>Pause after the current step</source>
        <translation>Nach dem aktuellen Schritt pausieren</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="364"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="364"/>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="364"/>
        <source>Continue the paused run</source>
        <translation>Den pausierten Lauf fortsetzen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="365"/>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="365"/>
        <source>Ctrl+.</source>
        <translation>Ctrl+.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="365"/>
        <source>End the run after the current step</source>
        <translation>Den Lauf nach dem aktuellen Schritt beenden</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="368"/>
        <source>Step</source>
        <translation>Einzelschritt</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="368"/>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="368"/>
        <source>Train on exactly one batch</source>
        <translation>Genau einen Batch trainieren</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="369"/>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="369"/>
        <source>Ctrl+Shift+X</source>
        <translation>Ctrl+Shift+X</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="369"/>
        <source>Discard the run; the next start is fresh</source>
        <translation>Den Lauf verwerfen; der nächste Start beginnt von vorn</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="377"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="382"/>
        <source>&amp;Teach</source>
        <translation>&amp;Lehren</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="384"/>
        <source>&amp;Rate coding: from floats to spikes</source>
        <translation>&amp;Ratenkodierung: von Gleitkommazahlen zu Spikes</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="385"/>
        <source>The &amp;LIF neuron</source>
        <translation>Das &amp;LIF-Neuron</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="386"/>
        <source>&amp;Surrogate gradients</source>
        <translation>&amp;Surrogatgradienten</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="387"/>
        <source>&amp;Convolution, step by step</source>
        <translation>&amp;Faltung, Schritt für Schritt</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="388"/>
        <source>One digit through the &amp;network</source>
        <translation>Eine Ziffer durch das &amp;Netz</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="406"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="407"/>
        <source>&amp;About csae-studio</source>
        <translation>Ü&amp;ber csae-studio</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="413"/>
        <source>The studio has no model yet: start or open a run</source>
        <translation>Das Studio hat noch kein Modell: einen Lauf starten oder öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="436"/>
        <source>the studio&apos;s model</source>
        <translation>das Modell des Studios</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="448"/>
        <source>Taking the studio&apos;s model…</source>
        <translation>Das Modell des Studios wird übernommen…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="458"/>
        <source>About csae-studio</source>
        <translation>Über csae-studio</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="459"/>
        <source>&lt;b&gt;csae-studio %1&lt;/b&gt;&lt;br&gt;Trains, watches and characterises convolutional spiking autoencoders.&lt;br&gt;This machine and build (the same as &lt;tt&gt;csae info&lt;/tt&gt;; copy it into a bug report):</source>
        <translation>&lt;b&gt;csae-studio %1&lt;/b&gt;&lt;br&gt;Trainiert, beobachtet und charakterisiert faltende spikende Autoencoder.&lt;br&gt;Dieser Rechner und dieser Build (dasselbe wie &lt;tt&gt;csae info&lt;/tt&gt;; für Fehlerberichte kopieren):</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="64"/>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="65"/>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="68"/>
        <source>Clear the list</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="531"/>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="534"/>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="534"/>
        <location filename="../app/studio/main_window.cpp" line="537"/>
        <source>Finished</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="540"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="543"/>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="543"/>
        <location filename="../app/studio/main_window.cpp" line="581"/>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="547"/>
        <location filename="../app/studio/main_window_runs.cpp" line="176"/>
        <source>Loading</source>
        <translation>Lädt</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="550"/>
        <location filename="../app/studio/main_window.cpp" line="633"/>
        <source>elapsed %1</source>
        <translation>verstrichen %1</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="557"/>
        <source>Run finished.</source>
        <translation>Lauf abgeschlossen.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="626"/>
        <source>%L1 samples/s</source>
        <translation>%L1 Samples/s</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="629"/>
        <source>lr %L1</source>
        <translation>Lernrate %L1</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="641"/>
        <source>Test nRMSE %L1 at step %2</source>
        <translation>Test-nRMSE %L1 bei Schritt %2</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="630"/>
        <source>elapsed %1, ETA %2</source>
        <translation>verstrichen %1, verbleibend %2</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="518"/>
        <location filename="../app/studio/main_window.cpp" line="522"/>
        <source>A model is loading</source>
        <translation>Ein Modell wird geladen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="519"/>
        <location filename="../app/studio/main_window.cpp" line="523"/>
        <source>No model yet: start or open a run</source>
        <translation>Noch kein Modell: einen Lauf starten oder öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="672"/>
        <source>Training stopped</source>
        <translation>Training abgebrochen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="83"/>
        <source>Cannot open session</source>
        <translation>Sitzung kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="86"/>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="94"/>
        <source>Open session</source>
        <translation>Sitzung öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="94"/>
        <location filename="../app/studio/main_window_runs.cpp" line="103"/>
        <source>Sessions (*.json)</source>
        <translation>Sitzungen (*.json)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="103"/>
        <source>Save session</source>
        <translation>Sitzung speichern</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="108"/>
        <source>Cannot save session</source>
        <translation>Sitzung kann nicht gespeichert werden</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="126"/>
        <source>Cannot save the curves beside the checkpoint</source>
        <translation>Die Kurven können nicht neben dem Checkpoint gespeichert werden</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="132"/>
        <source>Save checkpoint</source>
        <translation>Checkpoint speichern</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="132"/>
        <source>Checkpoints (*.pt)</source>
        <translation>Checkpoints (*.pt)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="150"/>
        <source>No curves beside %1 (looked for %2): the curves start at its step</source>
        <translation>Keine Kurven neben %1 (gesucht: %2): die Kurven beginnen bei seinem Schritt</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="153"/>
        <source>Curves not shown: %1</source>
        <translation>Kurven nicht angezeigt: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="160"/>
        <source>Load checkpoint</source>
        <translation>Checkpoint laden</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="160"/>
        <source>Checkpoints (*.pt);;All files (*)</source>
        <translation>Checkpoints (*.pt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="184"/>
        <source>The model has loaded; its views are on their way</source>
        <translation>Das Modell ist geladen; seine Ansichten folgen gleich</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="188"/>
        <source>Loading cancelled</source>
        <translation>Laden abgebrochen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="227"/>
        <source>Cannot open run directory</source>
        <translation>Laufverzeichnis kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="236"/>
        <source>Opened run %1 (%2 training rows, %3 evaluations)</source>
        <translation>Lauf %1 geöffnet (%2 Trainingszeilen, %3 Auswertungen)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="251"/>
        <source>%1: no training or test rows to compare</source>
        <translation>%1: keine Trainings- oder Testzeilen zum Vergleichen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="258"/>
        <source>Cannot compare with run</source>
        <translation>Vergleich mit dem Lauf nicht möglich</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/studio/main_window_runs.cpp" line="285"/>
        <source>Comparing %n run(s) in the loss view</source>
        <translation>
            <numerusform>%n Lauf wird in der Verlustansicht verglichen</numerusform>
            <numerusform>%n Läufe werden in der Verlustansicht verglichen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/studio/main_window_runs.cpp" line="286"/>
        <source>Comparing %n run(s); not compared: %1</source>
        <translation>
            <numerusform>%n Lauf wird verglichen; nicht verglichen: %1</numerusform>
            <numerusform>%n Läufe werden verglichen; nicht verglichen: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="316"/>
        <source>%1: not a run directory, study directory, checkpoint or session file</source>
        <translation>%1: weder ein Laufverzeichnis noch ein Studienverzeichnis, ein Trainingsstand oder eine Sitzungsdatei</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="317"/>
        <source>%1: no such file or directory</source>
        <translation>%1: keine solche Datei und kein solches Verzeichnis</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="321"/>
        <source>Cannot open</source>
        <translation>Öffnen nicht möglich</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="332"/>
        <source>Cannot open study</source>
        <translation>Studie kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="342"/>
        <source>Opened study %1: %2 runs; double-click a run to open it</source>
        <translation>Studie %1 geöffnet: %2 Läufe; Doppelklick öffnet einen Lauf</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="358"/>
        <source>Cannot open analysis</source>
        <translation>Analyse kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="374"/>
        <source>Open analysis directory</source>
        <translation>Analyseverzeichnis öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="381"/>
        <source>Open study directory</source>
        <translation>Studienverzeichnis öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="393"/>
        <source>Cannot run the study</source>
        <translation>Studie kann nicht ausgeführt werden</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="397"/>
        <source>Starting the study in %1…</source>
        <translation>Studie in %1 wird gestartet…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="404"/>
        <source>Run a study</source>
        <translation>Studie ausführen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="412"/>
        <source>A spec file…</source>
        <translation>Eine Spezifikationsdatei…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="414"/>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="416"/>
        <source>Study folder</source>
        <translation>Studienordner</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="426"/>
        <source>Worker processes; csae refuses or adjusts a plan that oversubscribes the cores</source>
        <translation>Arbeitsprozesse; csae lehnt einen Plan ab, der die Kerne überbucht, oder passt ihn an</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="427"/>
        <source>Study</source>
        <translation>Studie</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="429"/>
        <source>The study presets cannot be read: %1</source>
        <translation>Die Studienvorlagen können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="433"/>
        <source>Folder (an existing study there resumes)</source>
        <translation>Ordner (eine dort vorhandene Studie wird fortgesetzt)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="434"/>
        <source>Jobs</source>
        <translation>Prozesse</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="444"/>
        <source>Study spec</source>
        <translation>Studienspezifikation</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="444"/>
        <source>Study specs (*.json)</source>
        <translation>Studienspezifikationen (*.json)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="453"/>
        <source>Open run directory</source>
        <translation>Laufverzeichnis öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_export.cpp" line="20"/>
        <source>Loss curves</source>
        <translation>Verlustkurven</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_export.cpp" line="23"/>
        <location filename="../app/studio/main_window_export.cpp" line="26"/>
        <source>Export view</source>
        <translation>Ansicht exportieren</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_export.cpp" line="23"/>
        <source>View:</source>
        <translation>Ansicht:</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_export.cpp" line="27"/>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_export.cpp" line="32"/>
        <location filename="../app/studio/main_window_export.cpp" line="53"/>
        <location filename="../app/studio/main_window_export.cpp" line="63"/>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_export.cpp" line="37"/>
        <source>Animated GIF (*.gif)</source>
        <translation>Animiertes GIF (*.gif)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_export.cpp" line="40"/>
        <location filename="../app/studio/main_window_export.cpp" line="47"/>
        <source>Export input-spike animation</source>
        <translation>Eingangs-Spike-Animation exportieren</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_export.cpp" line="48"/>
        <source>Screen pixels per input pixel:</source>
        <translation>Bildschirmpixel je Eingabepixel:</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_export.cpp" line="38"/>
        <source>Motion-JPEG video (*.avi)</source>
        <translation>Motion-JPEG-Video (*.avi)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="330"/>
        <source>Export input-spike &amp;animation (GIF or video)…</source>
        <translation>Eingangs-Spike-&amp;Animation exportieren (GIF oder Video)…</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_export.cpp" line="58"/>
        <source>Export metrics</source>
        <translation>Metriken exportieren</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_export.cpp" line="58"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>csae::StudyLauncher</name>
    <message>
        <location filename="../app/bridge/study_launcher.cpp" line="35"/>
        <source>csae study run stopped unexpectedly</source>
        <translation>csae study run wurde unerwartet beendet</translation>
    </message>
    <message>
        <location filename="../app/bridge/study_launcher.cpp" line="40"/>
        <source>cannot start %1: %2</source>
        <translation>%1 kann nicht gestartet werden: %2</translation>
    </message>
    <message>
        <location filename="../app/bridge/study_launcher.cpp" line="79"/>
        <source>a study is already running in %1</source>
        <translation>in %1 läuft bereits eine Studie</translation>
    </message>
    <message>
        <location filename="../app/bridge/study_launcher.cpp" line="81"/>
        <source>csae was not found beside csae-studio or on PATH</source>
        <translation>csae wurde weder neben csae-studio noch im PATH gefunden</translation>
    </message>
</context>
<context>
    <name>csae::TeachWindow</name>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="36"/>
        <source>unknown lesson &quot;%1&quot; (lessons: %2)</source>
        <translation>unbekannte Lektion „%1“ (Lektionen: %2)</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="52"/>
        <source>Walk a trained run</source>
        <translation>Einen trainierten Lauf durchgehen</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="59"/>
        <source>Cannot open run</source>
        <translation>Lauf kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="63"/>
        <source>One digit through the network — csae-studio</source>
        <translation>Eine Ziffer durch das Netz — csae-studio</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="64"/>
        <source>Scrub or play t; Walk a trained run… to see what training changed</source>
        <translation>t verschieben oder abspielen; „Einen trainierten Lauf durchgehen…“ zeigt, was das Training geändert hat</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="76"/>
        <source>Surrogate gradients — csae-studio</source>
        <translation>Surrogatgradienten — csae-studio</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="77"/>
        <source>Move the slope and see the gradient each surrogate gives; train one neuron with each</source>
        <translation>Die Steilheit verschieben und den Gradienten jedes Surrogats sehen; mit jedem ein Neuron trainieren</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="91"/>
        <source>From floats to spikes: rate coding — csae-studio</source>
        <translation>Von Gleitkommazahlen zu Spikes: Ratenkodierung — csae-studio</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="101"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="102"/>
        <source>Export &amp;animation as GIF…</source>
        <translation>&amp;Animation als GIF exportieren…</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="105"/>
        <source>Export animation</source>
        <translation>Animation exportieren</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="105"/>
        <source>GIF animation (*.gif)</source>
        <translation>GIF-Animation (*.gif)</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="110"/>
        <source>Cannot export</source>
        <translation>Export nicht möglich</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="112"/>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="115"/>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="117"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="118"/>
        <source>&amp;Full screen</source>
        <translation>&amp;Vollbild</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="122"/>
        <source>&amp;Larger text</source>
        <translation>&amp;Größere Schrift</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="124"/>
        <source>&amp;Smaller text</source>
        <translation>&amp;Kleinere Schrift</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="126"/>
        <source>&amp;Normal text</source>
        <translation>&amp;Normale Schrift</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="147"/>
        <source>only the network lesson walks a run</source>
        <translation>nur die Netz-Lektion geht einen Lauf durch</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="157"/>
        <source>only the network lesson walks a model</source>
        <translation>nur die Netzwerk-Lektion geht ein Modell durch</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="92"/>
        <source>MNIST not found (%1): draw a digit or pick a built-in one</source>
        <translation>MNIST nicht gefunden (%1): eine Ziffer zeichnen oder eine eingebaute wählen</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="70"/>
        <source>Convolution, step by step — csae-studio</source>
        <translation>Faltung, Schritt für Schritt — csae-studio</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="71"/>
        <source>The seed&apos;s X and W: step or play the window; edit any number; then scrub the spiking frames</source>
        <translation>X und W der Studie: das Fenster schrittweise oder abspielend bewegen; jede Zahl bearbeiten; dann durch die Spike-Bilder scrollen</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="82"/>
        <source>The LIF neuron — csae-studio</source>
        <translation>Das LIF-Neuron — csae-studio</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="83"/>
        <source>Pick an input, set each neuron&apos;s β, threshold, reset and form; draw a current with Drawn</source>
        <translation>Eine Eingabe wählen, β, Schwelle, Rücksetzen und Form jedes Neurons einstellen; mit „Gezeichnet“ einen Strom zeichnen</translation>
    </message>
    <message>
        <location filename="../app/studio/teach_window.cpp" line="93"/>
        <source>Draw a digit, pick one, or choose an MNIST test image</source>
        <translation>Eine Ziffer zeichnen, wählen oder ein MNIST-Testbild nehmen</translation>
    </message>
</context>
<context>
    <name>csae::TrainingWorker</name>
    <message>
        <location filename="../app/bridge/training_worker.cpp" line="198"/>
        <source>test sample %1: %2</source>
        <translation>Testbeispiel %1: %2</translation>
    </message>
    <message>
        <location filename="../app/bridge/training_worker.cpp" line="198"/>
        <source>training sample %1: %2</source>
        <translation>Trainingsbeispiel %1: %2</translation>
    </message>
    <message>
        <location filename="../app/bridge/training_worker.cpp" line="246"/>
        <source>No model to embed: start or open a run first.</source>
        <translation>Kein Modell zum Einbetten: zuerst einen Lauf starten oder öffnen.</translation>
    </message>
    <message>
        <location filename="../app/bridge/training_worker.cpp" line="271"/>
        <source>No model to analyse: start or open a run first.</source>
        <translation>Kein Modell zum Analysieren: zuerst einen Lauf starten oder öffnen.</translation>
    </message>
    <message>
        <location filename="../app/bridge/training_worker.cpp" line="291"/>
        <source>No run to save: start or load one first.</source>
        <translation>Kein Lauf zum Speichern vorhanden: bitte zuerst einen Lauf starten oder laden.</translation>
    </message>
    <message>
        <location filename="../app/bridge/training_worker.cpp" line="334"/>
        <source>The checkpoint loaded, but evaluating it for the views failed: %1</source>
        <translation>Der Checkpoint wurde geladen, aber seine Auswertung für die Ansichten ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>csae::ui::AnimationExport</name>
    <message>
        <location filename="../ui/export/animation_export.cpp" line="33"/>
        <source>%1: there is no input to animate yet</source>
        <translation>%1: Es gibt noch keine Eingabe zum Animieren</translation>
    </message>
    <message>
        <location filename="../ui/export/animation_export.cpp" line="38"/>
        <source>%1: animations are written as .gif or Motion-JPEG .avi files</source>
        <translation>%1: Animationen werden als .gif- oder Motion-JPEG-.avi-Dateien geschrieben</translation>
    </message>
    <message>
        <location filename="../ui/export/animation_export.cpp" line="64"/>
        <source>%1: cannot write the video file</source>
        <translation>%1: Die Videodatei kann nicht geschrieben werden</translation>
    </message>
</context>
<context>
    <name>csae::ui::ClassifierView</name>
    <message>
        <location filename="../ui/dvs/classifier_view.cpp" line="94"/>
        <source>No test evaluation yet</source>
        <translation>Noch keine Testauswertung</translation>
    </message>
    <message>
        <location filename="../ui/dvs/classifier_view.cpp" line="150"/>
        <source>Too small to draw</source>
        <translation>Zu klein zum Zeichnen</translation>
    </message>
    <message>
        <location filename="../ui/dvs/classifier_view.cpp" line="230"/>
        <source>Predicted class</source>
        <translation>Vorhergesagte Klasse</translation>
    </message>
    <message>
        <location filename="../ui/dvs/classifier_view.cpp" line="236"/>
        <source>True class</source>
        <translation>Wahre Klasse</translation>
    </message>
    <message>
        <location filename="../ui/dvs/classifier_view.cpp" line="255"/>
        <source>True %1, predicted %2: %3 (%4 of the row)</source>
        <translation>Wahr %1, vorhergesagt %2: %3 (%4 der Zeile)</translation>
    </message>
    <message>
        <location filename="../ui/dvs/classifier_view.cpp" line="281"/>
        <source>Training step</source>
        <translation>Trainingsschritt</translation>
    </message>
    <message>
        <location filename="../ui/dvs/classifier_view.cpp" line="282"/>
        <source>Accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <location filename="../ui/dvs/classifier_view.cpp" line="291"/>
        <source>Training batches</source>
        <translation>Trainings-Batches</translation>
    </message>
    <message>
        <location filename="../ui/dvs/classifier_view.cpp" line="295"/>
        <source>Test set</source>
        <translation>Testdaten</translation>
    </message>
    <message>
        <location filename="../ui/dvs/classifier_view.cpp" line="343"/>
        <location filename="../ui/dvs/classifier_view.cpp" line="440"/>
        <source>Move the mouse over the plot to read values</source>
        <translation>Maus über das Diagramm bewegen, um Werte abzulesen</translation>
    </message>
    <message>
        <location filename="../ui/dvs/classifier_view.cpp" line="350"/>
        <source>Confusion matrix of the latest test evaluation: rows are true classes, columns predicted ones, colour the fraction of the row</source>
        <translation>Konfusionsmatrix der letzten Testauswertung: Zeilen sind wahre Klassen, Spalten vorhergesagte, die Farbe zeigt den Anteil an der Zeile</translation>
    </message>
    <message>
        <location filename="../ui/dvs/classifier_view.cpp" line="403"/>
        <source>Ignored a confusion matrix without class names</source>
        <translation>Konfusionsmatrix ohne Klassennamen ignoriert</translation>
    </message>
    <message>
        <location filename="../ui/dvs/classifier_view.cpp" line="405"/>
        <source>Ignored a confusion matrix of %1 counts for %2 classes (expected %3)</source>
        <translation>Konfusionsmatrix mit %1 Einträgen für %2 Klassen ignoriert (erwartet: %3)</translation>
    </message>
    <message>
        <location filename="../ui/dvs/classifier_view.cpp" line="410"/>
        <source>Ignored a confusion matrix with negative counts</source>
        <translation>Konfusionsmatrix mit negativen Anzahlen ignoriert</translation>
    </message>
    <message>
        <location filename="../ui/dvs/classifier_view.cpp" line="424"/>
        <source>Step %1: test accuracy %2</source>
        <translation>Schritt %1: Testgenauigkeit %2</translation>
    </message>
    <message>
        <location filename="../ui/dvs/classifier_view.cpp" line="425"/>
        <source>Step %1: no test samples</source>
        <translation>Schritt %1: keine Testbeispiele</translation>
    </message>
    <message>
        <location filename="../ui/dvs/classifier_view.cpp" line="519"/>
        <source>chance
1/%1</source>
        <translation>Zufall
1/%1</translation>
    </message>
    <message>
        <location filename="../ui/dvs/classifier_view.cpp" line="534"/>
        <source>step %1: training accuracy %2</source>
        <translation>Schritt %1: Trainingsgenauigkeit %2</translation>
    </message>
    <message>
        <location filename="../ui/dvs/classifier_view.cpp" line="538"/>
        <source>nearest test accuracy %1 at step %2</source>
        <translation>nächste Testgenauigkeit %1 bei Schritt %2</translation>
    </message>
</context>
<context>
    <name>csae::ui::ConvolutionView</name>
    <message>
        <location filename="../ui/teaching/convolution_view.cpp" line="83"/>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../ui/teaching/convolution_view.cpp" line="85"/>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <location filename="../ui/teaching/convolution_view.cpp" line="97"/>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <location filename="../ui/teaching/convolution_view.cpp" line="99"/>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <location filename="../ui/teaching/convolution_view.cpp" line="108"/>
        <source>Stride</source>
        <translation>Schrittweite</translation>
    </message>
    <message>
        <location filename="../ui/teaching/convolution_view.cpp" line="110"/>
        <source>Padding</source>
        <translation>Rand</translation>
    </message>
    <message>
        <location filename="../ui/teaching/convolution_view.cpp" line="117"/>
        <source>X (input, editable)</source>
        <translation>X (Eingabe, bearbeitbar)</translation>
    </message>
    <message>
        <location filename="../ui/teaching/convolution_view.cpp" line="118"/>
        <source>W (kernel, editable)</source>
        <translation>W (Kernel, bearbeitbar)</translation>
    </message>
    <message>
        <location filename="../ui/teaching/convolution_view.cpp" line="119"/>
        <source>Y = X ∗ W</source>
        <translation>Y = X ∗ W</translation>
    </message>
    <message>
        <location filename="../ui/teaching/convolution_view.cpp" line="127"/>
        <source>Spiking: X rate-coded, each frame&apos;s Y the current into LIF neurons</source>
        <translation>Spikend: X ratenkodiert, das Y jedes Bildes ist der Strom in LIF-Neuronen</translation>
    </message>
    <message>
        <location filename="../ui/teaching/convolution_view.cpp" line="139"/>
        <source>input spikes at t</source>
        <translation>Eingangsspikes bei t</translation>
    </message>
    <message>
        <location filename="../ui/teaching/convolution_view.cpp" line="140"/>
        <source>current Y(t)</source>
        <translation>Strom Y(t)</translation>
    </message>
    <message>
        <location filename="../ui/teaching/convolution_view.cpp" line="141"/>
        <source>LIF spikes at t</source>
        <translation>LIF-Spikes bei t</translation>
    </message>
    <message>
        <location filename="../ui/teaching/convolution_view.cpp" line="265"/>
        <source>Y[%1, %2] = %3 = %4</source>
        <translation>Y[%1, %2] = %3 = %4</translation>
    </message>
    <message>
        <location filename="../ui/teaching/convolution_view.cpp" line="270"/>
        <source>Step or play the window over X</source>
        <translation>Das Fenster schrittweise oder abspielend über X bewegen</translation>
    </message>
    <message>
        <location filename="../ui/teaching/convolution_view.cpp" line="285"/>
        <source>t = %1 of %2</source>
        <translation>t = %1 von %2</translation>
    </message>
    <message>
        <location filename="../ui/teaching/convolution_view.cpp" line="302"/>
        <source>%1: nothing to animate: %2</source>
        <translation>%1: nichts zu animieren: %2</translation>
    </message>
</context>
<context>
    <name>csae::ui::DrawingCanvas</name>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="82"/>
        <source>Draw with the left button, erase with the right; Ctrl+click picks a pixel</source>
        <translation>Mit der linken Taste zeichnen, mit der rechten radieren; Strg+Klick wählt ein Pixel</translation>
    </message>
</context>
<context>
    <name>csae::ui::EmbeddingView</name>
    <message>
        <location filename="../ui/analysis/embedding_view.cpp" line="25"/>
        <location filename="../ui/analysis/embedding_view.cpp" line="158"/>
        <source>UMAP</source>
        <translation>UMAP</translation>
    </message>
    <message>
        <location filename="../ui/analysis/embedding_view.cpp" line="26"/>
        <location filename="../ui/analysis/embedding_view.cpp" line="158"/>
        <source>PCA</source>
        <translation>PCA</translation>
    </message>
    <message>
        <location filename="../ui/analysis/embedding_view.cpp" line="46"/>
        <location filename="../ui/analysis/embedding_view.cpp" line="114"/>
        <source>Compute from the model</source>
        <translation>Aus dem Modell berechnen</translation>
    </message>
    <message>
        <location filename="../ui/analysis/embedding_view.cpp" line="51"/>
        <source>No model yet: start or open a run</source>
        <translation>Noch kein Modell: einen Lauf starten oder öffnen</translation>
    </message>
    <message>
        <location filename="../ui/analysis/embedding_view.cpp" line="58"/>
        <source>The test sample under the mouse or selected</source>
        <translation>Das Testbeispiel unter der Maus oder das ausgewählte</translation>
    </message>
    <message>
        <location filename="../ui/analysis/embedding_view.cpp" line="59"/>
        <source>Its reconstruction by the model that was embedded</source>
        <translation>Seine Rekonstruktion durch das eingebettete Modell</translation>
    </message>
    <message>
        <location filename="../ui/analysis/embedding_view.cpp" line="61"/>
        <source>Projection:</source>
        <translation>Projektion:</translation>
    </message>
    <message>
        <location filename="../ui/analysis/embedding_view.cpp" line="88"/>
        <source>Inconsistent embedding: %1 labels, %2 PCA and %3 UMAP points</source>
        <translation>Inkonsistente Einbettung: %1 Labels, %2 PCA- und %3 UMAP-Punkte</translation>
    </message>
    <message>
        <location filename="../ui/analysis/embedding_view.cpp" line="194"/>
        <source>No embeddings</source>
        <translation>Keine Einbettungen</translation>
    </message>
    <message>
        <location filename="../ui/analysis/embedding_view.cpp" line="137"/>
        <source>test sample %1: %2</source>
        <translation>Testbeispiel %1: %2</translation>
    </message>
    <message>
        <location filename="../ui/analysis/embedding_view.cpp" line="105"/>
        <source>No embeddings yet: Compute from the model, or csae analyse --run DIR --out OUT and File → Open analysis</source>
        <translation>Noch keine Einbettungen: Aus dem Modell berechnen, oder csae analyse --run DIR --out OUT und Datei → Analyse öffnen</translation>
    </message>
    <message>
        <location filename="../ui/analysis/embedding_view.cpp" line="116"/>
        <source>Embed test samples with the current model on the training thread (training waits a few seconds)</source>
        <translation>Testbeispiele mit dem aktuellen Modell im Trainings-Thread einbetten (das Training wartet einige Sekunden)</translation>
    </message>
    <message>
        <location filename="../ui/analysis/embedding_view.cpp" line="124"/>
        <source>Computing…</source>
        <translation>Wird berechnet…</translation>
    </message>
    <message>
        <location filename="../ui/analysis/embedding_view.cpp" line="235"/>
        <source>cannot create %1</source>
        <translation>%1 kann nicht angelegt werden</translation>
    </message>
</context>
<context>
    <name>csae::ui::EventView</name>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="66"/>
        <source>Events in the window ending at the cursor: ON yellow, OFF blue, both white</source>
        <translation>Ereignisse im Zeitfenster bis zum Cursor: ON gelb, OFF blau, beide weiß</translation>
    </message>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="71"/>
        <location filename="../ui/dvs/event_view.cpp" line="269"/>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="78"/>
        <source>Cursor time (ms)</source>
        <translation>Cursor-Zeit (ms)</translation>
    </message>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="82"/>
        <location filename="../ui/dvs/event_view.cpp" line="404"/>
        <source>%L1 / %L2 ms</source>
        <translation>%L1 / %L2 ms</translation>
    </message>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="87"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="88"/>
        <source>Length of the time window whose events the frame accumulates</source>
        <translation>Länge des Zeitfensters, dessen Ereignisse das Bild sammelt</translation>
    </message>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="96"/>
        <source>×</source>
        <translation>×</translation>
    </message>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="97"/>
        <source>Playback speed, in multiples of real time</source>
        <translation>Wiedergabegeschwindigkeit als Vielfaches der Echtzeit</translation>
    </message>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="104"/>
        <source>Time (ms)</source>
        <translation>Zeit (ms)</translation>
    </message>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="105"/>
        <source>Events per ms</source>
        <translation>Ereignisse/ms</translation>
    </message>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="108"/>
        <source>Click to move the cursor</source>
        <translation>Klicken, um den Cursor zu setzen</translation>
    </message>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="110"/>
        <source>ON</source>
        <translation>ON</translation>
    </message>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="114"/>
        <source>OFF</source>
        <translation>OFF</translation>
    </message>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="154"/>
        <source>Window:</source>
        <translation>Fenster:</translation>
    </message>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="156"/>
        <source>Speed:</source>
        <translation>Geschwindigkeit:</translation>
    </message>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="191"/>
        <source>Ignored inconsistent event data: %1 times, %2 x, %3 y and %4 polarities on a %5 × %6 grid</source>
        <translation>Widersprüchliche Ereignisdaten ignoriert: %1 Zeiten, %2 x, %3 y und %4 Polaritäten auf einem %5 × %6-Raster</translation>
    </message>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="269"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="386"/>
        <source>Unlabelled sample</source>
        <translation>Beispiel ohne Klasse</translation>
    </message>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="387"/>
        <source>%1 — %2 ON / %3 OFF events in %L4 ms</source>
        <translation>%1 — %2 ON- / %3 OFF-Ereignisse in %L4 ms</translation>
    </message>
    <message>
        <location filename="../ui/dvs/event_view.cpp" line="393"/>
        <source>No events: the input is not a DVS recording</source>
        <translation>Keine Ereignisse: Die Eingabe ist keine DVS-Aufnahme</translation>
    </message>
</context>
<context>
    <name>csae::ui::GifWriter</name>
    <message>
        <location filename="../ui/export/gif_writer.cpp" line="303"/>
        <source>%1: a GIF frame must be 1 to 65535 pixels per side</source>
        <translation>%1: Ein GIF-Bild muss je Seite 1 bis 65535 Pixel groß sein</translation>
    </message>
    <message>
        <location filename="../ui/export/gif_writer.cpp" line="309"/>
        <location filename="../ui/export/gif_writer.cpp" line="379"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../ui/export/gif_writer.cpp" line="329"/>
        <source>the GIF file is not open</source>
        <translation>Die GIF-Datei ist nicht geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/export/gif_writer.cpp" line="334"/>
        <source>%1: frame of %2 x %3 pixels in an animation of %4 x %5</source>
        <translation>%1: Bild mit %2 x %3 Pixeln in einer Animation mit %4 x %5</translation>
    </message>
</context>
<context>
    <name>csae::ui::HiddenActivityView</name>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="40"/>
        <source>Raster row whose membrane potential is plotted (or click a row of the raster)</source>
        <translation>Rasterzeile, deren Membranpotential gezeichnet wird (oder eine Zeile des Rasters anklicken)</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="46"/>
        <source>Channel of the neuron to show (a dense layer: its index)</source>
        <translation>Kanal des anzuzeigenden Neurons (bei einer dichten Schicht: sein Index)</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="47"/>
        <source>Row y of the neuron in its feature map</source>
        <translation>Zeile y des Neurons in seiner Merkmalskarte</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="48"/>
        <source>Column x of the neuron in its feature map</source>
        <translation>Spalte x des Neurons in seiner Merkmalskarte</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="54"/>
        <source>y</source>
        <translation>y</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="55"/>
        <source>x</source>
        <translation>x</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="62"/>
        <source>Sampled neurons of the layer (rows) over time steps (columns); black = spike. Click a row to plot it.</source>
        <translation>Ausgewählte Neuronen der Schicht (Zeilen) über die Zeitschritte (Spalten); schwarz = Spike. Eine Zeile anklicken, um sie zu zeichnen.</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="68"/>
        <source>Time step t</source>
        <translation>Zeitschritt t</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="69"/>
        <source>Potential</source>
        <translation>Potential</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="71"/>
        <location filename="../ui/training/hidden_activity_view.cpp" line="145"/>
        <location filename="../ui/training/hidden_activity_view.cpp" line="391"/>
        <source>Membrane potential</source>
        <translation>Membranpotential</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="75"/>
        <source>Spike</source>
        <translation>Spike</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="101"/>
        <source>Training step</source>
        <translation>Trainingsschritt</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="102"/>
        <source>Firing rate</source>
        <translation>Feuerrate</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="103"/>
        <source>Mean spikes per neuron per time step of each layer, over training</source>
        <translation>Mittlere Spikes pro Neuron und Zeitschritt je Schicht im Verlauf des Trainings</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="119"/>
        <source>Layer:</source>
        <translation>Schicht:</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="124"/>
        <source>Raster row:</source>
        <translation>Rasterzeile:</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="126"/>
        <source>Neuron: channel</source>
        <translation>Neuron: Kanal</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="315"/>
        <source>%1 of %2 neurons shown · firing rate %L3</source>
        <translation>%1 von %2 Neuronen angezeigt · Feuerrate %L3</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="383"/>
        <source>channel %1, y %2, x %3</source>
        <translation>Kanal %1, y %2, x %3</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="384"/>
        <source>index %1</source>
        <translation>Index %1</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="385"/>
        <source>Membrane potential of neuron %1 (%2) in %3 (threshold %L4)</source>
        <translation>Membranpotential von Neuron %1 (%2) in %3 (Schwelle %L4)</translation>
    </message>
    <message>
        <location filename="../ui/training/hidden_activity_view.cpp" line="137"/>
        <source>Spike raster (neurons × time steps)</source>
        <translation>Spike-Raster (Neuronen × Zeitschritte)</translation>
    </message>
</context>
<context>
    <name>csae::ui::InputSpikeView</name>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="36"/>
        <source>All input neurons</source>
        <translation>Alle Eingangsneuronen</translation>
    </message>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="37"/>
        <source>One image row</source>
        <translation>Eine Bildzeile</translation>
    </message>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="38"/>
        <source>Every k-th neuron</source>
        <translation>Jedes k-te Neuron</translation>
    </message>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="49"/>
        <source>Input neurons (rows) over time steps (columns); black = spike</source>
        <translation>Eingangsneuronen (Zeilen) über die Zeitschritte (Spalten); schwarz = Spike</translation>
    </message>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="54"/>
        <source>Input spikes at the cursor&apos;s time step</source>
        <translation>Eingangs-Spikes im Zeitschritt des Cursors</translation>
    </message>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="56"/>
        <source>Spike rate of each input neuron from t = 1 to the cursor</source>
        <translation>Spike-Rate jedes Eingangsneurons von t = 1 bis zum Cursor</translation>
    </message>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="60"/>
        <location filename="../ui/training/input_spike_view.cpp" line="190"/>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="65"/>
        <source> steps/s</source>
        <translation> Schritte/s</translation>
    </message>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="66"/>
        <source>Animation speed</source>
        <translation>Animationsgeschwindigkeit</translation>
    </message>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="75"/>
        <location filename="../ui/training/input_spike_view.cpp" line="293"/>
        <location filename="../ui/training/input_spike_view.cpp" line="332"/>
        <source>t = %1 / %2</source>
        <translation>t = %1 / %2</translation>
    </message>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="79"/>
        <source>Follow training</source>
        <translation>Dem Training folgen</translation>
    </message>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="80"/>
        <source>Show the samples training is on again instead of the test sample chosen in the Embedding view</source>
        <translation>Wieder die Beispiele zeigen, an denen das Training gerade ist, statt des in der Einbettungsansicht gewählten Testbeispiels</translation>
    </message>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="86"/>
        <source>Raster shows:</source>
        <translation>Raster zeigt:</translation>
    </message>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="96"/>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="106"/>
        <source>Input neurons × time steps</source>
        <translation>Eingangsneuronen × Zeitschritte</translation>
    </message>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="190"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="240"/>
        <source>Row:</source>
        <translation>Zeile:</translation>
    </message>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="245"/>
        <source>k =</source>
        <translation>k =</translation>
    </message>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="295"/>
        <source>Spikes at t = %1</source>
        <translation>Spikes bei t = %1</translation>
    </message>
    <message>
        <location filename="../ui/training/input_spike_view.cpp" line="296"/>
        <source>Average of t = 1…%1</source>
        <translation>Mittelwert über t = 1…%1</translation>
    </message>
</context>
<context>
    <name>csae::ui::KernelView</name>
    <message>
        <location filename="../ui/training/kernel_view.cpp" line="44"/>
        <source>No kernels yet</source>
        <translation>Noch keine Kernel</translation>
    </message>
    <message>
        <location filename="../ui/training/kernel_view.cpp" line="114"/>
        <source>Input channel:</source>
        <translation>Eingangskanal:</translation>
    </message>
    <message>
        <location filename="../ui/training/kernel_view.cpp" line="117"/>
        <source>mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <location filename="../ui/training/kernel_view.cpp" line="118"/>
        <source>Show one input channel of each kernel, or the mean over input channels</source>
        <translation>Einen Eingangskanal jedes Kernels anzeigen oder den Mittelwert über alle Eingangskanäle</translation>
    </message>
    <message>
        <location filename="../ui/training/kernel_view.cpp" line="125"/>
        <source>Layer:</source>
        <translation>Schicht:</translation>
    </message>
    <message>
        <location filename="../ui/training/kernel_view.cpp" line="239"/>
        <source>%1 kernels, %2 input channel(s), %3×%3</source>
        <translation>%1 Kernel, Eingangskanäle: %2, %3×%3</translation>
    </message>
    <message>
        <location filename="../ui/training/kernel_view.cpp" line="241"/>
        <source>Inconsistent kernel data</source>
        <translation>Inkonsistente Kerneldaten</translation>
    </message>
</context>
<context>
    <name>csae::ui::LifPlaygroundView</name>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="49"/>
        <source>Constant</source>
        <translation>Konstant</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="50"/>
        <source>Step</source>
        <translation>Sprung</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="51"/>
        <source>Ramp</source>
        <translation>Rampe</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="52"/>
        <source>Noise</source>
        <translation>Rauschen</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="53"/>
        <source>Spike train</source>
        <translation>Spikefolge</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="54"/>
        <source>Drawn (drag on the input plot)</source>
        <translation>Gezeichnet (im Eingangsdiagramm ziehen)</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="66"/>
        <source>Input current</source>
        <translation>Eingangsstrom</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="68"/>
        <source>Shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="72"/>
        <source>Level</source>
        <translation>Stärke</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="79"/>
        <source>Neuron A</source>
        <translation>Neuron A</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="80"/>
        <source>Neuron B</source>
        <translation>Neuron B</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="85"/>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="90"/>
        <source>t (steps)</source>
        <translation>t (Schritte)</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="86"/>
        <source>input current I</source>
        <translation>Eingangsstrom I</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="91"/>
        <source>membrane potential U</source>
        <translation>Membranpotential U</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="93"/>
        <source>constant input current I</source>
        <translation>konstanter Eingangsstrom I</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="94"/>
        <source>spikes per step</source>
        <translation>Spikes pro Schritt</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="124"/>
        <source>subtract the threshold</source>
        <translation>Schwelle abziehen</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="125"/>
        <source>to zero</source>
        <translation>auf null</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="127"/>
        <source>the seed&apos;s: β U + (1 − β) I</source>
        <translation>die der Studie: β U + (1 − β) I</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="128"/>
        <source>common: β U + I</source>
        <translation>üblich: β U + I</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="140"/>
        <source>β (decay)</source>
        <translation>β (Abklingen)</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="141"/>
        <source>Threshold</source>
        <translation>Schwelle</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="142"/>
        <source>Reset</source>
        <translation>Rücksetzen</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="143"/>
        <source>Form</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="259"/>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="293"/>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="260"/>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="293"/>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="267"/>
        <source>U of %1 (%2 spikes per step)</source>
        <translation>U von %1 (%2 Spikes pro Schritt)</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="299"/>
        <source>%1 simulated</source>
        <translation>%1 simuliert</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="308"/>
        <source>%1 closed form</source>
        <translation>%1 geschlossene Form</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="316"/>
        <source>No closed form for subtraction with leak (β &lt; 1): its rate is the rotation number of a circle map, drawn by simulation only.</source>
        <translation>Keine geschlossene Form beim Abziehen mit Leck (β &lt; 1): die Rate ist die Rotationszahl einer Kreisabbildung und nur simuliert gezeichnet.</translation>
    </message>
    <message>
        <location filename="../ui/teaching/lif_playground_view.cpp" line="333"/>
        <source>%1: nothing to animate: %2</source>
        <translation>%1: nichts zu animieren: %2</translation>
    </message>
</context>
<context>
    <name>csae::ui::LossCurveView</name>
    <message>
        <location filename="../ui/training/loss_curve_view.cpp" line="42"/>
        <source>Training step</source>
        <translation>Trainingsschritt</translation>
    </message>
    <message>
        <location filename="../ui/training/loss_curve_view.cpp" line="43"/>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <location filename="../ui/training/loss_curve_view.cpp" line="50"/>
        <source>Training loss (raw)</source>
        <translation>Trainingsverlust (roh)</translation>
    </message>
    <message>
        <location filename="../ui/training/loss_curve_view.cpp" line="54"/>
        <source>Training loss (smoothed)</source>
        <translation>Trainingsverlust (geglättet)</translation>
    </message>
    <message>
        <location filename="../ui/training/loss_curve_view.cpp" line="58"/>
        <source>Test loss</source>
        <translation>Testverlust</translation>
    </message>
    <message>
        <location filename="../ui/training/loss_curve_view.cpp" line="67"/>
        <source>Exponential smoothing of the training loss; the raw curve stays visible</source>
        <translation>Exponentielle Glättung des Trainingsverlusts; die Rohkurve bleibt sichtbar</translation>
    </message>
    <message>
        <location filename="../ui/training/loss_curve_view.cpp" line="70"/>
        <location filename="../ui/training/loss_curve_view.cpp" line="345"/>
        <source>Smoothing: %L1</source>
        <translation>Glättung: %L1</translation>
    </message>
    <message>
        <location filename="../ui/training/loss_curve_view.cpp" line="74"/>
        <source>Log scale</source>
        <translation>Logarithmische Skala</translation>
    </message>
    <message>
        <location filename="../ui/training/loss_curve_view.cpp" line="77"/>
        <source>Reset view</source>
        <translation>Ansicht zurücksetzen</translation>
    </message>
    <message>
        <location filename="../ui/training/loss_curve_view.cpp" line="78"/>
        <source>Fit all data and follow new points (also: double-click the plot)</source>
        <translation>Alle Daten einpassen und neuen Punkten folgen (auch: Doppelklick ins Diagramm)</translation>
    </message>
    <message>
        <location filename="../ui/training/loss_curve_view.cpp" line="83"/>
        <location filename="../ui/training/loss_curve_view.cpp" line="160"/>
        <source>Move the mouse over the plot to read values</source>
        <translation>Maus über das Diagramm bewegen, um Werte abzulesen</translation>
    </message>
    <message>
        <location filename="../ui/training/loss_curve_view.cpp" line="140"/>
        <source>epoch %1</source>
        <translation>Epoche %1</translation>
    </message>
    <message>
        <location filename="../ui/training/loss_curve_view.cpp" line="172"/>
        <source>%1: training loss (smoothed)</source>
        <translation>%1: Trainingsverlust (geglättet)</translation>
    </message>
    <message>
        <location filename="../ui/training/loss_curve_view.cpp" line="175"/>
        <source>%1: test loss</source>
        <translation>%1: Testverlust</translation>
    </message>
    <message>
        <location filename="../ui/training/loss_curve_view.cpp" line="361"/>
        <source>step %1: training loss %2 (smoothed %3)</source>
        <translation>Schritt %1: Trainingsverlust %2 (geglättet %3)</translation>
    </message>
    <message>
        <location filename="../ui/training/loss_curve_view.cpp" line="375"/>
        <source>nearest test loss %1 at step %2</source>
        <translation>nächster Testverlust %1 bei Schritt %2</translation>
    </message>
</context>
<context>
    <name>csae::ui::NetworkWalkView</name>
    <message>
        <location filename="../ui/teaching/network_walk_view.cpp" line="58"/>
        <source>Digit %1</source>
        <translation>Ziffer %1</translation>
    </message>
    <message>
        <location filename="../ui/teaching/network_walk_view.cpp" line="61"/>
        <source>Walk a trained run…</source>
        <translation>Einen trainierten Lauf durchgehen…</translation>
    </message>
    <message>
        <location filename="../ui/teaching/network_walk_view.cpp" line="63"/>
        <source>Walk the studio&apos;s model</source>
        <translation>Das Modell des Studios durchgehen</translation>
    </message>
    <message>
        <location filename="../ui/teaching/network_walk_view.cpp" line="64"/>
        <source>Take the model the studio is training, as it is now (press again to see what training has changed since)</source>
        <translation>Das Modell übernehmen, das das Studio gerade trainiert, so wie es jetzt ist (erneut drücken, um zu sehen, was das Training seither verändert hat)</translation>
    </message>
    <message>
        <location filename="../ui/teaching/network_walk_view.cpp" line="68"/>
        <source>Re-draw spikes</source>
        <translation>Spikes neu ziehen</translation>
    </message>
    <message>
        <location filename="../ui/teaching/network_walk_view.cpp" line="84"/>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <location filename="../ui/teaching/network_walk_view.cpp" line="108"/>
        <source>The digit</source>
        <translation>Die Ziffer</translation>
    </message>
    <message>
        <location filename="../ui/teaching/network_walk_view.cpp" line="108"/>
        <source>Input spikes at t</source>
        <translation>Eingangsspikes bei t</translation>
    </message>
    <message>
        <location filename="../ui/teaching/network_walk_view.cpp" line="109"/>
        <source>Reconstruction: output spikes averaged over 1…t</source>
        <translation>Rekonstruktion: Ausgangsspikes gemittelt über 1…t</translation>
    </message>
    <message>
        <location filename="../ui/teaching/network_walk_view.cpp" line="198"/>
        <source>An untrained SAE at the default configuration, its weights calibrated so that every layer fires</source>
        <translation>Ein untrainierter SAE in der Standardkonfiguration, die Gewichte so kalibriert, dass jede Schicht feuert</translation>
    </message>
    <message>
        <location filename="../ui/teaching/network_walk_view.cpp" line="200"/>
        <source>Trained: %1</source>
        <translation>Trainiert: %1</translation>
    </message>
    <message>
        <location filename="../ui/teaching/network_walk_view.cpp" line="205"/>
        <source>t = %1 of %2</source>
        <translation>t = %1 von %2</translation>
    </message>
    <message>
        <location filename="../ui/teaching/network_walk_view.cpp" line="213"/>
        <source>%1: %2 of %3 neurons spike at t</source>
        <translation>%1: %2 von %3 Neuronen feuern bei t</translation>
    </message>
    <message>
        <location filename="../ui/teaching/network_walk_view.cpp" line="243"/>
        <source>%1: nothing to animate: %2</source>
        <translation>%1: nichts zu animieren: %2</translation>
    </message>
</context>
<context>
    <name>csae::ui::PixelImageWidget</name>
    <message>
        <location filename="../ui/common/pixel_image_widget.cpp" line="15"/>
        <source>No data yet</source>
        <translation>Noch keine Daten</translation>
    </message>
</context>
<context>
    <name>csae::ui::RateCodingView</name>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="184"/>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="187"/>
        <source>Built-in digit…</source>
        <translation>Eingebaute Ziffer…</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="194"/>
        <source>MNIST test image:</source>
        <translation>MNIST-Testbild:</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="207"/>
        <source>Re-draw spikes</source>
        <translation>Spikes neu ziehen</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="208"/>
        <source>New random draws of every Bernoulli trial</source>
        <translation>Neue Zufallsziehungen jedes Bernoulli-Versuchs</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="242"/>
        <source>Rate coding: p = Δt [(f_on − f_off) x + f_off]</source>
        <translation>Ratenkodierung: p = Δt [(f_on − f_off) x + f_off]</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="249"/>
        <source>f_on</source>
        <translation>f_on</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="250"/>
        <source>f_off</source>
        <translation>f_off</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="251"/>
        <source>Δt</source>
        <translation>Δt</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="252"/>
        <source>T</source>
        <translation>T</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="271"/>
        <source>Draw a digit</source>
        <translation>Eine Ziffer zeichnen</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="272"/>
        <source>Every pixel&apos;s spike train: a row per pixel, a column per time step</source>
        <translation>Die Spikefolge jedes Pixels: eine Zeile pro Pixel, eine Spalte pro Zeitschritt</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="288"/>
        <source>Spike counts over the T steps (white: a spike at every step)</source>
        <translation>Spikeanzahlen über die T Schritte (weiß: ein Spike in jedem Schritt)</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="290"/>
        <source>Spike trains (pixel × t)</source>
        <translation>Spikefolgen (Pixel × t)</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="291"/>
        <source>Frame at t</source>
        <translation>Bild bei t</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="292"/>
        <source>Counts</source>
        <translation>Anzahlen</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="302"/>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="571"/>
        <source>Ctrl+click a pixel of the digit to follow it</source>
        <translation>Strg+Klick auf ein Pixel der Ziffer, um ihm zu folgen</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="305"/>
        <source>t (steps)</source>
        <translation>t (Schritte)</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="306"/>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="536"/>
        <source>running average</source>
        <translation>laufender Mittelwert</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="309"/>
        <source>spike count k</source>
        <translation>Spikeanzahl k</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="310"/>
        <source>re-draws</source>
        <translation>Neuziehungen</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="326"/>
        <source>Side by side: disparity acts as contrast</source>
        <translation>Nebeneinander: Disparität wirkt als Kontrast</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="333"/>
        <source>f_on (right)</source>
        <translation>f_on (rechts)</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="336"/>
        <source>f_off (right)</source>
        <translation>f_off (rechts)</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="469"/>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="470"/>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="473"/>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="474"/>
        <source>%1 Hz</source>
        <translation>%1 Hz</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="471"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="475"/>
        <source>f_on and f_off at most 1/Δt = %1 Hz</source>
        <translation>f_on und f_off höchstens 1/Δt = %1 Hz</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="481"/>
        <source>a white pixel spikes with p = %1, a black one with p = %2 per step</source>
        <translation>ein weißes Pixel feuert mit p = %1, ein schwarzes mit p = %2 pro Schritt</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="500"/>
        <source>t = %1 of %2</source>
        <translation>t = %1 von %2</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="504"/>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="507"/>
        <source>f_on %1 Hz, f_off %2 Hz</source>
        <translation>f_on %1 Hz, f_off %2 Hz</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="521"/>
        <source>Pixel (%1, %2): intensity %3, p = %4; expected count Tp = %5</source>
        <translation>Pixel (%1, %2): Intensität %3, p = %4; erwartete Anzahl Tp = %5</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="540"/>
        <source>p</source>
        <translation>p</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="555"/>
        <source>%1 re-draws</source>
        <translation>%1 Neuziehungen</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="559"/>
        <source>Binomial(T, p)</source>
        <translation>Binomial(T, p)</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="587"/>
        <source>%1: nothing to animate: %2</source>
        <translation>%1: nichts zu animieren: %2</translation>
    </message>
    <message>
        <location filename="../ui/teaching/rate_coding_view.cpp" line="612"/>
        <source>t = %1: spikes | running average</source>
        <translation>t = %1: Spikes | laufender Mittelwert</translation>
    </message>
</context>
<context>
    <name>csae::ui::ReceptiveFieldView</name>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="194"/>
        <source>Receptive fields (spike-triggered averages)</source>
        <translation>Rezeptive Felder (spike-getriggerte Mittel)</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="195"/>
        <source>Projective fields (embedding neurons)</source>
        <translation>Projektive Felder (Einbettungsneuronen)</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="200"/>
        <source>The input channel shown: DVS input has ON, OFF and their difference</source>
        <translation>Der gezeigte Eingangskanal: DVS-Eingaben haben ON, OFF und ihre Differenz</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="208"/>
        <source>Click a field</source>
        <translation>Ein Feld anklicken</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="215"/>
        <source>The layer whose receptive fields are computed</source>
        <translation>Die Schicht, deren rezeptive Felder berechnet werden</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="220"/>
        <source>Test samples the fields average over (at most the test set)</source>
        <translation>Testbeispiele, über die die Felder mitteln (höchstens der Testdatensatz)</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="226"/>
        <source>Ridge whitening: 0 shows the plain spike-triggered average; about 0.01-0.1 removes MNIST&apos;s pixel correlations</source>
        <translation>Ridge-Weißung: 0 zeigt das einfache spike-getriggerte Mittel; etwa 0,01–0,1 entfernt die Pixelkorrelationen von MNIST</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="235"/>
        <source>No model yet: start or open a run</source>
        <translation>Noch kein Modell: einen Lauf starten oder öffnen</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="239"/>
        <source>Channel:</source>
        <translation>Kanal:</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="243"/>
        <source>Layer:</source>
        <translation>Schicht:</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="245"/>
        <source>Samples:</source>
        <translation>Beispiele:</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="247"/>
        <source>Ridge:</source>
        <translation>Ridge:</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="295"/>
        <source>Compute from the model</source>
        <translation>Aus dem Modell berechnen</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="297"/>
        <source>Compute the fields with the current model on the training thread (training waits for it)</source>
        <translation>Die Felder mit dem aktuellen Modell im Trainings-Thread berechnen (das Training wartet darauf)</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="305"/>
        <source>Computing…</source>
        <translation>Wird berechnet…</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="311"/>
        <source>Computing the fields failed: %1</source>
        <translation>Die Berechnung der Felder ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="330"/>
        <source>Fields of %1 dropped: their sizes do not match %2 channels of %3×%4</source>
        <translation>Felder von %1 verworfen: ihre Größen passen nicht zu %2 Kanälen zu %3×%4</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="418"/>
        <source>No receptive fields yet: Compute from the model, or csae analyse --run DIR --out OUT and File → Open analysis</source>
        <translation>Noch keine rezeptiven Felder: Aus dem Modell berechnen, oder csae analyse --run DIR --out OUT und Datei → Analyse öffnen</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="420"/>
        <source>No projective fields: only autoencoders have a decoder to draw them</source>
        <translation>Keine projektiven Felder: nur Autoencoder haben einen Decoder, der sie zeichnet</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="429"/>
        <source>Projective fields of %1 embedding neurons: the decoder&apos;s output when one alone is driven</source>
        <translation>Projektive Felder von %1 Einbettungsneuronen: die Ausgabe des Decoders, wenn eines allein getrieben wird</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="431"/>
        <source>STAs of %1&apos;s %2 channels, cut to its %3×%4 window</source>
        <translation>STAs der %2 Kanäle von %1, auf ihr %3×%4-Fenster zugeschnitten</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="436"/>
        <source>STAs of %1&apos;s %2 neurons</source>
        <translation>STAs der %2 Neuronen von %1</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="437"/>
        <source>over %1 test samples; each field scaled to its largest |value|; sorted by firing rate</source>
        <translation>über %1 Testbeispiele; jedes Feld auf seinen größten |Wert| skaliert; nach Feuerrate sortiert</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="440"/>
        <source>; ridge-whitened (%1)</source>
        <translation>; ridge-geweißt (%1)</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="442"/>
        <source>; each STA beside its kernel</source>
        <translation>; jedes STA neben seinem Kernel</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="444"/>
        <source>; input %1</source>
        <translation>; Eingang %1</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="452"/>
        <source>embedding rate %1</source>
        <translation>Einbettungsrate %1</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="452"/>
        <source>rate %1 spikes per step</source>
        <translation>Rate %1 Spikes pro Schritt</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="453"/>
        <source>%1 %2: %3, %4 spikes; largest |value| %5</source>
        <translation>%1 %2: %3, %4 Spikes; größter |Wert| %5</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="454"/>
        <source>channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="454"/>
        <source>neuron</source>
        <translation>Neuron</translation>
    </message>
    <message>
        <location filename="../ui/analysis/receptive_field_view.cpp" line="469"/>
        <source>cannot create %1</source>
        <translation>%1 kann nicht angelegt werden</translation>
    </message>
</context>
<context>
    <name>csae::ui::ReconstructionView</name>
    <message>
        <location filename="../ui/training/reconstruction_view.cpp" line="17"/>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <location filename="../ui/training/reconstruction_view.cpp" line="17"/>
        <source>Input spikes
(time average)</source>
        <translation>Eingangs-Spikes
(Zeitmittel)</translation>
    </message>
    <message>
        <location filename="../ui/training/reconstruction_view.cpp" line="17"/>
        <location filename="../ui/training/reconstruction_view.cpp" line="41"/>
        <source>Output spikes
(time average)</source>
        <translation>Ausgangs-Spikes
(Zeitmittel)</translation>
    </message>
    <message>
        <location filename="../ui/training/reconstruction_view.cpp" line="24"/>
        <source>No reconstructions yet</source>
        <translation>Noch keine Rekonstruktionen</translation>
    </message>
    <message>
        <location filename="../ui/training/reconstruction_view.cpp" line="41"/>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <location filename="../ui/training/reconstruction_view.cpp" line="51"/>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
</context>
<context>
    <name>csae::ui::StudyView</name>
    <message>
        <location filename="../ui/study/study_view.cpp" line="117"/>
        <location filename="../ui/study/study_view.cpp" line="226"/>
        <source>No study open. File ▸ Open study… opens a study directory (csae study run).</source>
        <translation>Keine Studie geöffnet. Datei ▸ Studie öffnen… öffnet ein Studienverzeichnis (csae study run).</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="131"/>
        <source>The grid key on the x axis; the other keys make one series each</source>
        <translation>Der Rasterschlüssel auf der x-Achse; die übrigen Schlüssel bilden je eine Reihe</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="138"/>
        <source>x axis:</source>
        <translation>x-Achse:</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="144"/>
        <source>Metric vs key</source>
        <translation>Metrik über Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="145"/>
        <source>Heat map</source>
        <translation>Heatmap</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="146"/>
        <source>Loss curves</source>
        <translation>Verlustkurven</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="153"/>
        <source>Double-click a run to open it in the training views</source>
        <translation>Doppelklick öffnet einen Lauf in den Trainingsansichten</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="160"/>
        <source>Compare in the loss view</source>
        <translation>In der Verlustansicht vergleichen</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="161"/>
        <source>Overlay the loss curves of the selected runs (all runs with training steps when none is selected) on the Loss dock, each in its own colour</source>
        <translation>Die Verlustkurven der gewählten Läufe (aller Läufe mit Trainingsschritten, wenn keiner gewählt ist) im Verlust-Dock überlagern, jeden in eigener Farbe</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="224"/>
        <source>Cannot read the study: %1</source>
        <translation>Die Studie kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="232"/>
        <source>%1 · test %2 (%3) · %4 of %5 runs done, %6 running, %7 left</source>
        <translation>%1 · Test-%2 (%3) · %4 von %5 Läufen fertig, %6 laufen, %7 offen</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="234"/>
        <source>higher is better</source>
        <translation>höher ist besser</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="234"/>
        <source>lower is better</source>
        <translation>niedriger ist besser</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="240"/>
        <source>, %1 failed</source>
        <translation>, %1 fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="278"/>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="278"/>
        <source>mean</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="278"/>
        <source>std</source>
        <translation>Std.-Abw.</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="278"/>
        <source>95 % CI</source>
        <translation>95-%-KI</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="284"/>
        <source>kNN probe</source>
        <translation>kNN-Probe</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="284"/>
        <source>trust. UMAP</source>
        <translation>Vertrauensw. UMAP</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="315"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="315"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="315"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="315"/>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="315"/>
        <source>Test %1</source>
        <translation>Test-%1</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="315"/>
        <source>Wall time</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="341"/>
        <location filename="../ui/study/study_view.cpp" line="429"/>
        <location filename="../ui/study/study_view.cpp" line="518"/>
        <source>No study</source>
        <translation>Keine Studie</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="341"/>
        <source>No numeric grid key to plot against</source>
        <translation>Kein numerischer Rasterschlüssel für die x-Achse</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="392"/>
        <source>mean, 95 % CI</source>
        <translation>Mittel, 95-%-KI</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="400"/>
        <source>test %1 (mean ± 95 % CI)</source>
        <translation>Test-%1 (Mittel ± 95-%-KI)</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="402"/>
        <source>No finished run yet</source>
        <translation>Noch kein Lauf fertig</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="430"/>
        <source>A heat map needs a grid of exactly two keys (this one has %1)</source>
        <translation>Eine Heatmap braucht ein Raster aus genau zwei Schlüsseln (dieses hat %1)</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="459"/>
        <source>no run yet</source>
        <translation>noch kein Lauf</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="486"/>
        <source>test %1, mean over seeds (darker: higher)</source>
        <translation>Test-%1, Mittel über Seeds (dunkler: höher)</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="518"/>
        <source>No run has logged a step yet</source>
        <translation>Noch kein Lauf hat einen Schritt protokolliert</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="522"/>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="523"/>
        <source>training loss (one line per run, coloured by grid point)</source>
        <translation>Trainingsverlust (eine Linie je Lauf, gefärbt nach Rasterpunkt)</translation>
    </message>
    <message>
        <location filename="../ui/study/study_view.cpp" line="533"/>
        <source>cannot create %1</source>
        <translation>%1 kann nicht angelegt werden</translation>
    </message>
</context>
<context>
    <name>csae::ui::SurrogateView</name>
    <message>
        <location filename="../ui/teaching/surrogate_view.cpp" line="62"/>
        <source>Surrogate</source>
        <translation>Surrogat</translation>
    </message>
    <message>
        <location filename="../ui/teaching/surrogate_view.cpp" line="64"/>
        <source>Slope</source>
        <translation>Steilheit</translation>
    </message>
    <message>
        <location filename="../ui/teaching/surrogate_view.cpp" line="65"/>
        <source>One neuron learns its spike count</source>
        <translation>Ein Neuron lernt seine Spikeanzahl</translation>
    </message>
    <message>
        <location filename="../ui/teaching/surrogate_view.cpp" line="67"/>
        <source>Initial weight</source>
        <translation>Anfangsgewicht</translation>
    </message>
    <message>
        <location filename="../ui/teaching/surrogate_view.cpp" line="68"/>
        <source>Target spikes (of T = 50)</source>
        <translation>Ziel-Spikes (von T = 50)</translation>
    </message>
    <message>
        <location filename="../ui/teaching/surrogate_view.cpp" line="69"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location filename="../ui/teaching/surrogate_view.cpp" line="70"/>
        <source>Forward, a spike is the Heaviside step H(U − θ), whose derivative is zero everywhere but at the threshold. Backward, each surrogate puts its own derivative in its place: the gradient the weights see.</source>
        <translation>Vorwärts ist ein Spike die Heaviside-Stufe H(U − θ), deren Ableitung überall außer an der Schwelle null ist. Rückwärts setzt jedes Surrogat seine eigene Ableitung an ihre Stelle: den Gradienten, den die Gewichte sehen.</translation>
    </message>
    <message>
        <location filename="../ui/teaching/surrogate_view.cpp" line="85"/>
        <source>U − θ</source>
        <translation>U − θ</translation>
    </message>
    <message>
        <location filename="../ui/teaching/surrogate_view.cpp" line="86"/>
        <source>dS/dU in backward (solid), the step it integrates to (dashed)</source>
        <translation>dS/dU rückwärts (durchgezogen), die Stufe, zu der es integriert (gestrichelt)</translation>
    </message>
    <message>
        <location filename="../ui/teaching/surrogate_view.cpp" line="88"/>
        <source>iteration</source>
        <translation>Iteration</translation>
    </message>
    <message>
        <location filename="../ui/teaching/surrogate_view.cpp" line="89"/>
        <source>loss ((count − target) / T)²</source>
        <translation>Verlust ((Anzahl − Ziel) / T)²</translation>
    </message>
    <message>
        <location filename="../ui/teaching/surrogate_view.cpp" line="189"/>
        <source>Heaviside H (forward)</source>
        <translation>Heaviside H (vorwärts)</translation>
    </message>
    <message>
        <location filename="../ui/teaching/surrogate_view.cpp" line="211"/>
        <source>%1: %2 spikes at the end</source>
        <translation>%1: %2 Spikes am Ende</translation>
    </message>
    <message>
        <location filename="../ui/teaching/surrogate_view.cpp" line="236"/>
        <source>%1: nothing to animate: %2</source>
        <translation>%1: nichts zu animieren: %2</translation>
    </message>
</context>
<context>
    <name>csae::ui::ViewExport</name>
    <message>
        <location filename="../ui/export/view_export.cpp" line="34"/>
        <source>Cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <location filename="../ui/export/view_export.cpp" line="174"/>
        <source>Nothing to export</source>
        <translation>Nichts zu exportieren</translation>
    </message>
    <message>
        <location filename="../ui/export/view_export.cpp" line="181"/>
        <source>Unsupported file type &quot;%1&quot;: use .png or .pdf</source>
        <translation>Nicht unterstützter Dateityp „%1“: bitte .png oder .pdf verwenden</translation>
    </message>
    <message>
        <location filename="../ui/export/view_export.cpp" line="111"/>
        <location filename="../ui/export/view_export.cpp" line="195"/>
        <source>The view has no size to export</source>
        <translation>Die Ansicht hat keine Größe und kann nicht exportiert werden</translation>
    </message>
    <message>
        <location filename="../ui/export/view_export.cpp" line="238"/>
        <source>Writing %1 produced an empty file</source>
        <translation>Beim Schreiben von %1 ist eine leere Datei entstanden</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/studio/studio_main.cpp" line="105"/>
        <source>Train and watch convolutional spiking autoencoders.</source>
        <translation>Konvolutionale Spiking-Autoencoder trainieren und beobachten.</translation>
    </message>
    <message>
        <location filename="../app/studio/studio_main.cpp" line="109"/>
        <source>Open this session (JSON config).</source>
        <translation>Diese Sitzung öffnen (JSON-Konfiguration).</translation>
    </message>
    <message>
        <location filename="../app/studio/studio_main.cpp" line="111"/>
        <source>Start training at once.</source>
        <translation>Training sofort starten.</translation>
    </message>
    <message>
        <location filename="../app/studio/studio_main.cpp" line="113"/>
        <source>User interface language, e.g. en or de.</source>
        <translation>Sprache der Benutzeroberfläche, z. B. en oder de.</translation>
    </message>
    <message>
        <location filename="../app/studio/studio_main.cpp" line="117"/>
        <source>Measure: train N steps with every view live, print the throughput as JSON and quit.</source>
        <translation>Messen: N Schritte mit allen Ansichten live trainieren, den Durchsatz als JSON ausgeben und beenden.</translation>
    </message>
    <message>
        <location filename="../app/studio/studio_main.cpp" line="120"/>
        <source>The run directory to open.</source>
        <translation>Das zu öffnende Laufverzeichnis.</translation>
    </message>
    <message>
        <location filename="../app/studio/studio_main.cpp" line="123"/>
        <source>Open this study directory (csae study run) in the Studies dock.</source>
        <translation>Dieses Studienverzeichnis (csae study run) im Studien-Dock öffnen.</translation>
    </message>
    <message>
        <location filename="../app/studio/studio_main.cpp" line="128"/>
        <source>Open this lesson on its own, without the studio: %1.</source>
        <translation>Diese Lektion allein öffnen, ohne das Studio: %1.</translation>
    </message>
    <message>
        <location filename="../app/studio/studio_main.cpp" line="132"/>
        <source>Open this analysis directory (csae analyse) in the Embedding and Receptive fields docks.</source>
        <translation>Dieses Analyseverzeichnis (csae analyse) in den Docks Einbettung und Rezeptive Felder öffnen.</translation>
    </message>
    <message>
        <location filename="../app/studio/studio_main.cpp" line="137"/>
        <source>Render this view of the run to --out without a window and quit: %1; or window, the whole studio as PNG; or study-figures, every figure of --study DIR as PNG and PDF into the directory --out; or embedding-figures, the PCA and UMAP pictures and the receptive and projective fields of --analysis DIR into the directory --out.</source>
        <translation>Diese Ansicht des Laufs ohne Fenster nach --out zeichnen und beenden: %1; oder window, das ganze Studio als PNG; oder study-figures, jede Abbildung von --study DIR als PNG und PDF ins Verzeichnis --out; oder embedding-figures, die PCA- und UMAP-Bilder und die rezeptiven und projektiven Felder von --analysis DIR ins Verzeichnis --out.</translation>
    </message>
    <message>
        <location filename="../app/studio/studio_main.cpp" line="146"/>
        <source>The exported file: .png, .pdf, or .gif (input-spikes).</source>
        <translation>Die exportierte Datei: .png, .pdf oder .gif (input-spikes).</translation>
    </message>
    <message>
        <location filename="../app/studio/studio_main.cpp" line="150"/>
        <source>Size of the exported view, default 900x600 (the window: 1600x1000).</source>
        <translation>Größe der exportierten Ansicht, Vorgabe 900x600 (das Fenster: 1600x1000).</translation>
    </message>
    <message>
        <location filename="../app/studio/studio_main.cpp" line="155"/>
        <source>A run directory of csae train, a study directory of csae study run, a checkpoint or a session file to open.</source>
        <translation>Ein Laufverzeichnis von csae train, ein Studienverzeichnis von csae study run, ein Trainingsstand oder eine Sitzungsdatei zum Öffnen.</translation>
    </message>
    <message>
        <location filename="../app/studio/studio_main.cpp" line="164"/>
        <source>give one path to open, either as PATH or with --run</source>
        <translation>einen Pfad zum Öffnen angeben, entweder als PATH oder mit --run</translation>
    </message>
    <message>
        <location filename="../app/studio/studio_main.cpp" line="171"/>
        <source>--export study-figures needs a study directory (--study DIR) and --out DIR</source>
        <translation>--export study-figures braucht ein Studienverzeichnis (--study DIR) und --out DIR</translation>
    </message>
    <message>
        <location filename="../app/studio/studio_main.cpp" line="181"/>
        <source>--export embedding-figures needs an analysis directory (--analysis DIR) and --out DIR</source>
        <translation>--export embedding-figures braucht ein Analyseverzeichnis (--analysis DIR) und --out DIR</translation>
    </message>
    <message>
        <location filename="../app/studio/studio_main.cpp" line="197"/>
        <source>--export needs a run directory (--run DIR) and --out FILE</source>
        <translation>--export braucht ein Laufverzeichnis (--run DIR) und --out FILE</translation>
    </message>
    <message>
        <location filename="../app/studio/headless_export.cpp" line="46"/>
        <source>--size: &quot;%1&quot; is not WIDTHxHEIGHT with each side 64-8192, e.g. 1280x800</source>
        <translation>--size: „%1“ ist nicht BREITExHÖHE mit jeder Seite 64-8192, z. B. 1280x800</translation>
    </message>
    <message>
        <location filename="../app/studio/headless_export.cpp" line="59"/>
        <source>--export: unknown view &quot;%1&quot; (allowed: %2)</source>
        <translation>--export: unbekannte Ansicht „%1“ (zulässig: %2)</translation>
    </message>
    <message>
        <location filename="../app/studio/headless_export.cpp" line="66"/>
        <source>--out: %1: the whole window exports as PNG only</source>
        <translation>--out: %1: das ganze Fenster wird nur als PNG exportiert</translation>
    </message>
    <message>
        <location filename="../app/studio/headless_export.cpp" line="69"/>
        <source>--out: %1: only the input-spikes view exports as GIF; use .png or .pdf</source>
        <translation>--out: %1: nur die Ansicht input-spikes wird als GIF exportiert; .png oder .pdf verwenden</translation>
    </message>
    <message>
        <location filename="../app/studio/headless_export.cpp" line="73"/>
        <source>--out: %1: unsupported file type &quot;%2&quot; (use .png, .pdf or, for input-spikes, .gif)</source>
        <translation>--out: %1: nicht unterstützter Dateityp „%2“ (.png, .pdf oder, für input-spikes, .gif verwenden)</translation>
    </message>
    <message>
        <location filename="../app/studio/headless_export.cpp" line="80"/>
        <source>%1 has no checkpoint.pt: only the loss view can be exported from it</source>
        <translation>%1 enthält kein checkpoint.pt: nur die Verlustansicht kann daraus exportiert werden</translation>
    </message>
    <message>
        <location filename="../app/studio/headless_export.cpp" line="112"/>
        <source>%1: cannot write the %2x%3 window image</source>
        <translation>%1: das Fensterbild (%2x%3) kann nicht geschrieben werden</translation>
    </message>
</context>
</TS>
