<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Label fuse cutouts, fine-tune SAM3 on your own GPU and review its detections.</source>
        <translation>Sicherungsausschnitte beschriften, SAM3 auf der eigenen GPU feinabstimmen und die Erkennungen prüfen.</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>Build</translation>
    </message>
    <message>
        <source>LibTorch</source>
        <translation>LibTorch</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>About SAM3 Studio</source>
        <translation>Über SAM3 Studio</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <source>Canvas</source>
        <translation>Zeichenfläche</translation>
    </message>
    <message>
        <source>Open a project and pick a photo to draw polygons and boxes.</source>
        <translation>Öffnen Sie ein Projekt und wählen Sie ein Foto, um Polygone und Rechtecke zu zeichnen.</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Training settings, live loss curves and the log appear here.</source>
        <translation>Hier erscheinen Trainingseinstellungen, Live-Verlustkurven und das Protokoll.</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>The fine-tuned model&apos;s detections, photo by photo, to accept or fix.</source>
        <translation>Die Erkennungen des feinabgestimmten Modells, Foto für Foto, zum Annehmen oder Korrigieren.</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>Import a folder of photos or a COCO export.</source>
        <translation>Importieren Sie einen Fotoordner oder einen COCO-Export.</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <source>Classes, their colours and SAM3 prompts.</source>
        <translation>Klassen, ihre Farben und SAM3-Prompts.</translation>
    </message>
    <message>
        <source>Shapes</source>
        <translation>Formen</translation>
    </message>
    <message>
        <source>The polygons and boxes of this photo.</source>
        <translation>Die Polygone und Rechtecke dieses Fotos.</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>Checkpoints</translation>
    </message>
    <message>
        <source>Training runs and their checkpoints.</source>
        <translation>Trainingsläufe und ihre Checkpoints.</translation>
    </message>
</context>
<context>
    <name>sam3::ui::MainWindow</name>
    <message>
        <source>SAM3 Studio</source>
        <translation>SAM3 Studio</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Mode</source>
        <translation>&amp;Modus</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>Projekt ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>Annotate</source>
        <translation>Beschriften</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>&amp;About SAM3 Studio</source>
        <translation>Ü&amp;ber SAM3 Studio</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <source>Shapes</source>
        <translation>Formen</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>Checkpoints</translation>
    </message>
    <message>
        <source>No project open</source>
        <translation>Kein Projekt geöffnet</translation>
    </message>
    <message>
        <source>Device: %1 (CUDA)</source>
        <translation>Gerät: %1 (CUDA)</translation>
    </message>
    <message>
        <source>Device: CPU</source>
        <translation>Gerät: CPU</translation>
    </message>
    <message>
        <source>Model: none loaded (%1)</source>
        <translation>Modell: keines geladen (%1)</translation>
    </message>
</context>
</TS>
