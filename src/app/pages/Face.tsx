import { PageHeader } from '../components/PageHeader';
import { DemoPlan } from '../components/DemoPlan';

export function Face() {
  return (
    <>
      <PageHeader title="Face detection" icon="face">
        Find faces in the live camera or in a photo, with a privacy blur you can turn on before a screenshot
        or a share.
      </PageHeader>
      <DemoPlan
        features={[
          'Live boxes and keypoints over the camera, front or back',
          'Photos with many faces, up to 6000 × 4000 pixels',
          'Blur or pixelate every face, live and on photos',
          'Frame rate and time per stage, measured as it runs',
        ]}
        models={['BlazeFace short range', 'BlazeFace full range', 'FaceMesh']}
        inputs="Camera frames and photos are analysed in a worker on this device and drawn on this page. No frame is stored or sent."
      />
    </>
  );
}
